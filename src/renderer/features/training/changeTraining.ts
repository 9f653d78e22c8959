import type { TrainingConfig } from '../../../core/training/config';
import { setTraining } from '../../editor/edits';
import { documentStore } from '../../state/documentStore';

/** Changes training settings in the document, as one undo step (saved with the project). */
export const changeTraining = (patch: Partial<TrainingConfig>): void => documentStore.getState().change((d) => setTraining(d, patch), 'record');
