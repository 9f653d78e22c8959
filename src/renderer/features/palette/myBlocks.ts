import { create } from 'zustand';
import { blockFromGroup, loadBlocks, MAX_BLOCKS, serializeBlocks, type Block } from '../../../core/graph/blocks';
import { messageOf } from '../../../core/messageOf';
import type { ProjectFilesApi } from '../../../core/api/projectFiles';

type BlocksPlatform = Pick<ProjectFilesApi, 'loadBlocks' | 'saveBlocks'>;

/**
 * "My blocks": the person's saved groups, kept by the platform (userData on the desktop,
 * localStorage in a browser) and checked layer by layer each time they are read. A list
 * that cannot be read is not used, and not overwritten: the reason is shown instead.
 */
export interface MyBlocksState {
  readonly blocks: readonly Block[];
  /** Why the stored list could not be read; null when it was (or there is none). */
  readonly problem: string | null;
  load(platform: BlocksPlatform): Promise<void>;
  /** Saves a group of `doc` as a block, replacing a block of the same name; resolves to what to tell the person. */
  saveGroup(platform: BlocksPlatform, doc: Parameters<typeof blockFromGroup>[0], groupId: string): Promise<{ tone: 'info' | 'error'; message: string }>;
  remove(platform: BlocksPlatform, name: string): Promise<void>;
}

export const useMyBlocks = create<MyBlocksState>()((set, get) => ({
  blocks: [],
  problem: null,
  async load(platform) {
    try {
      const text = await platform.loadBlocks();
      set({ blocks: text === null ? [] : loadBlocks(text), problem: null });
    } catch (error) {
      set({ blocks: [], problem: messageOf(error) });
    }
  },
  async saveGroup(platform, doc, groupId) {
    if (get().problem !== null) return { tone: 'error', message: `Not saved, so as not to overwrite the stored blocks: ${get().problem}` };
    const block = blockFromGroup(doc, groupId);
    const replaced = get().blocks.some((b) => b.name === block.name);
    const blocks = [...get().blocks.filter((b) => b.name !== block.name), block];
    if (blocks.length > MAX_BLOCKS) return { tone: 'error', message: `My blocks holds at most ${MAX_BLOCKS} blocks; remove one first` };
    try {
      await platform.saveBlocks(serializeBlocks(blocks));
    } catch (error) {
      return { tone: 'error', message: `The block “${block.name}” was not saved: ${messageOf(error)}` };
    }
    set({ blocks });
    return { tone: 'info', message: `${replaced ? 'Replaced' : 'Saved'} “${block.name}” in My blocks (${block.nodes.length} layer${block.nodes.length === 1 ? '' : 's'})` };
  },
  async remove(platform, name) {
    const blocks = get().blocks.filter((b) => b.name !== name);
    await platform.saveBlocks(serializeBlocks(blocks));
    set({ blocks });
  },
}));
