import { create } from 'zustand';
import type { NetCanvasApi, SweepRequest } from '../../../core/api/contract';
import type { SweepState } from '../../../core/experiments/sweepState';
import { messageOf } from '../../../core/messageOf';
import { useUi } from '../../state/uiStore';
import { useTraining } from '../training/trainingStore';

/** How often a running sweep's state is asked for: its trials take seconds to minutes each. */
export const POLL_MS = 1000;

export interface ExperimentsState {
  /** Every saved sweep, newest first, as last heard; null before the first answer. */
  readonly sweeps: readonly SweepState[] | null;
  /** The sweep the view shows. */
  readonly current: string | null;
  readonly busy: boolean;
  /** Why the last look at the sweeps failed; null when it worked. */
  readonly error: string | null;
  refresh(api: NetCanvasApi): Promise<void>;
  start(api: NetCanvasApi, request: SweepRequest): Promise<boolean>;
  control(api: NetCanvasApi, action: 'pause' | 'stop' | 'resume', id: string): Promise<void>;
  select(id: string | null): void;
}

const live = (s: SweepState) => s.status === 'running' || s.trials.some((t) => t.status === 'running');

/** Replaces one sweep in the list (or puts a new one first). */
function withSweep(sweeps: readonly SweepState[] | null, state: SweepState): SweepState[] {
  const list = sweeps ?? [];
  return list.some((s) => s.id === state.id) ? list.map((s) => (s.id === state.id ? state : s)) : [state, ...list];
}

const doneCount = (s: SweepState | undefined) => s?.trials.filter((t) => t.status === 'done').length ?? 0;

/** The Experiments view's state: the sweeps, the one shown, and the calls that start and steer them. */
export const useExperiments = create<ExperimentsState>()((set, get) => ({
  sweeps: null,
  current: null,
  busy: false,
  error: null,

  async refresh(api) {
    try {
      const sweeps = await api.listSweeps();
      const before = get().sweeps ?? [];
      // A trial that finished since the last look is a new run: the Train view's list learns of it.
      if (sweeps.some((s) => doneCount(s) > doneCount(before.find((b) => b.id === s.id)))) void useTraining.getState().refreshRuns(api);
      const current = get().current;
      set({ sweeps, error: null, current: current && sweeps.some((s) => s.id === current) ? current : (sweeps[0]?.id ?? null) });
    } catch (error) {
      // Said once, not at every poll.
      if (get().error === null) useUi.getState().toast('error', 'Could not list the sweeps', messageOf(error));
      set({ sweeps: get().sweeps ?? [], error: messageOf(error) });
    }
  },

  async start(api, request) {
    set({ busy: true });
    try {
      const state = await api.startSweep(request);
      set({ sweeps: withSweep(get().sweeps, state), current: state.id });
      useUi.getState().toast('info', `Sweep started: ${state.trials.length} trial${state.trials.length === 1 ? '' : 's'}`);
      return true;
    } catch (error) {
      useUi.getState().toast('error', 'The sweep did not start', messageOf(error));
      return false;
    } finally {
      set({ busy: false });
    }
  },

  async control(api, action, id) {
    try {
      const state = await (action === 'pause' ? api.pauseSweep(id) : action === 'stop' ? api.stopSweep(id) : api.resumeSweep(id));
      set({ sweeps: withSweep(get().sweeps, state) });
    } catch (error) {
      useUi.getState().toast('error', `Could not ${action} the sweep`, messageOf(error));
    }
  },

  select: (current) => set({ current }),
}));

/** Asks for the sweeps now and every POLL_MS while one is running; returns a function that stops. */
export function watchSweeps(api: NetCanvasApi): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async (): Promise<void> => {
    await useExperiments.getState().refresh(api);
    if (stopped) return;
    const sweeps = useExperiments.getState().sweeps ?? [];
    timer = setTimeout(() => void tick(), sweeps.some(live) ? POLL_MS : POLL_MS * 5);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
