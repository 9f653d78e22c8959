/**
 * Recent projects, the recovery copy and the saved blocks, kept in the page's localStorage (a browser has no
 * paths: a recent project is remembered with its text, under the key `browser:NAME`).
 */

import { messageOf } from '../../core/messageOf';

const RECENT_KEY = 'netcanvas.recentProjects';
const RECENT_TEXT_PREFIX = 'netcanvas.recentProject:';
const RECOVERY_KEY = 'netcanvas.recovery';
const BLOCKS_KEY = 'netcanvas.blocks';
/** How many recent projects are kept. */
export const MAX_RECENT = 8;
export const BROWSER_PATH_PREFIX = 'browser:';

interface RecentEntry {
  readonly name: string;
  readonly path: string;
}

export class BrowserStore {
  constructor(private readonly storage: Storage) {}

  recent(): RecentEntry[] {
    try {
      const value: unknown = JSON.parse(this.storage.getItem(RECENT_KEY) ?? '[]');
      if (!Array.isArray(value)) return [];
      return value.filter((e): e is RecentEntry => typeof e?.name === 'string' && typeof e?.path === 'string' && this.storage.getItem(RECENT_TEXT_PREFIX + e.path) !== null);
    } catch {
      return [];
    }
  }

  /** Remembers a project at the top of the list; the oldest ones go when storage is full. */
  remember(name: string, text: string): void {
    const path = BROWSER_PATH_PREFIX + name;
    let list = [{ name, path }, ...this.recent().filter((e) => e.path !== path)];
    for (const dropped of list.slice(MAX_RECENT)) this.storage.removeItem(RECENT_TEXT_PREFIX + dropped.path);
    list = list.slice(0, MAX_RECENT);
    for (;;) {
      try {
        this.storage.setItem(RECENT_TEXT_PREFIX + path, text);
        this.storage.setItem(RECENT_KEY, JSON.stringify(list));
        return;
      } catch {
        const oldest = list.length > 1 ? list.pop() : undefined;
        if (!oldest) {
          // This project alone does not fit: it is not remembered, and nothing else is lost.
          this.storage.removeItem(RECENT_TEXT_PREFIX + path);
          this.storage.setItem(RECENT_KEY, JSON.stringify(list.filter((e) => e.path !== path)));
          return;
        }
        this.storage.removeItem(RECENT_TEXT_PREFIX + oldest.path);
      }
    }
  }

  /** The text of a remembered project; throws, naming it, when it is not remembered. */
  recentText(path: string): { name: string; text: string } {
    const entry = this.recent().find((e) => e.path === path);
    const text = entry ? this.storage.getItem(RECENT_TEXT_PREFIX + path) : null;
    if (!entry || text === null) throw new Error(`'${path.replace(BROWSER_PATH_PREFIX, '')}' is not among this browser's recent projects`);
    return { name: entry.name, text };
  }

  saveRecovery(text: string): void {
    try {
      this.storage.setItem(RECOVERY_KEY, text);
    } catch (error) {
      throw new Error(`The recovery copy does not fit in this browser's storage (${(text.length / 1e6).toFixed(1)} MB): ${messageOf(error)}`);
    }
  }

  loadRecovery(): string | null {
    return this.storage.getItem(RECOVERY_KEY);
  }

  clearRecovery(): void {
    this.storage.removeItem(RECOVERY_KEY);
  }

  /** The saved blocks ("My blocks") as stored; null before any was saved. */
  loadBlocks(): string | null {
    return this.storage.getItem(BLOCKS_KEY);
  }

  saveBlocks(text: string): void {
    try {
      this.storage.setItem(BLOCKS_KEY, text);
    } catch (error) {
      throw new Error(`The saved blocks do not fit in this browser's storage (${(text.length / 1e6).toFixed(1)} MB): ${messageOf(error)}`);
    }
  }
}
