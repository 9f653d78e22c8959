import { useEffect, useState } from 'react';
import { loadDocument, parseJson } from '../../../core/graph/load';
import { usePlatform } from '../../app/PlatformContext';
import { documentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { fitAfterLayout } from '../canvas/viewport';
import { messageOf } from '../../../core/messageOf';

/** At start, offers to restore the autosaved copy of unsaved work, if there is one. */
export function RecoveryBanner() {
  const platform = usePlatform();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    platform.loadRecovery().then(
      (t) => setText(t && t.trim() ? t : null),
      () => setText(null),
    );
  }, [platform]);
  if (text === null) return null;
  const restore = (): void => {
    try {
      const doc = loadDocument(parseJson(text, 'recovery copy'));
      documentStore.getState().open(doc, null, true);
      fitAfterLayout();
    } catch (error) {
      useUi.getState().toast('error', 'The recovery copy could not be read', messageOf(error));
    }
    setText(null);
  };
  const discard = (): void => {
    void platform.clearRecovery();
    setText(null);
  };
  return (
    <div className="banner" role="alert" data-testid="recovery-banner">
      <span>Unsaved work from your last session was kept. Restore it?</span>
      <button type="button" className="button button--primary button--small" onClick={restore} data-testid="recovery-restore">
        Restore
      </button>
      <button type="button" className="button button--small" onClick={discard} data-testid="recovery-discard">
        Discard
      </button>
    </div>
  );
}
