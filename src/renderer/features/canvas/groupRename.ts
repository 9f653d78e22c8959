import { create } from 'zustand';

/** Which group's name is being typed on the canvas (F2), if any. View state, not the document's. */
export interface GroupRenameState {
  readonly renaming: string | null;
  start(groupId: string): void;
  stop(): void;
}

export const useGroupRename = create<GroupRenameState>()((set) => ({
  renaming: null,
  start: (groupId) => set({ renaming: groupId }),
  stop: () => set({ renaming: null }),
}));
