/**
 * Projects saved in the browser, recent projects, the recovery copy and the saved blocks, kept in the page's
 * localStorage (a browser has no paths: a project is remembered with its text, under the
 * key `browser:NAME`). A project the person saved here is kept until replaced; a copy of a
 * file they opened is only a recent entry, and the oldest such copies go when space runs out.
 */

import { messageOf } from '../../core/messageOf';

const RECENT_KEY = 'netcanvas.recentProjects';
const RECENT_TEXT_PREFIX = 'netcanvas.recentProject:';
const RECOVERY_KEY = 'netcanvas.recovery';
const LAST_KEY = 'netcanvas.lastProject';
const BLOCKS_KEY = 'netcanvas.blocks';
/** How many copies of opened files are kept (projects saved here are not counted). */
export const MAX_RECENT = 8;
export const BROWSER_PATH_PREFIX = 'browser:';

interface RecentEntry {
  readonly name: string;
  readonly path: string;
  /** Saved here by the person: never dropped to make room. */
  readonly saved?: true;
}

const pathOf = (name: string): string => BROWSER_PATH_PREFIX + name;

export class BrowserStore {
  constructor(private readonly storage: Storage) {}

  /** Projects saved here and copies of opened files, newest first. */
  recent(): { name: string; path: string }[] {
    return this.entries().map(({ name, path }) => ({ name, path }));
  }

  /** Whether a project of this name was saved in this browser. */
  isSaved(name: string): boolean {
    return this.entries().some((e) => e.path === pathOf(name) && e.saved);
  }

  /** Remembers a copy of an opened file at the top of the list; the oldest copies go when storage is full. Never replaces a project saved here. */
  remember(name: string, text: string): void {
    if (this.isSaved(name)) {
      this.setLast(pathOf(name));
      return;
    }
    try {
      this.put({ name, path: pathOf(name) }, text);
    } catch {
      // This copy alone does not fit: it is not remembered, and nothing saved is lost.
    }
  }

  /**
   * Saves a project here under `name`, replacing one of that name; it is reopened at the
   * next start. Copies of opened files make room if needed; throws, saying how big it is,
   * when it does not fit even then.
   */
  save(name: string, text: string): void {
    try {
      this.put({ name, path: pathOf(name), saved: true }, text);
    } catch (error) {
      throw new Error(`'${name}' (${(text.length / 1e6).toFixed(1)} MB) does not fit in this browser's storage: ${messageOf(error)}. Download it instead`);
    }
  }

  /** The text of a remembered project; throws, naming it, when it is not remembered. */
  recentText(path: string): { name: string; text: string } {
    const entry = this.entries().find((e) => e.path === path);
    const text = entry ? this.storage.getItem(RECENT_TEXT_PREFIX + path) : null;
    if (!entry || text === null) throw new Error(`'${path.replace(BROWSER_PATH_PREFIX, '')}' is not among this browser's recent projects`);
    this.setLast(path);
    return { name: entry.name, text };
  }

  /** The project saved or opened last, to reopen at start; null when there is none (or it is gone). */
  last(): { name: string; text: string } | null {
    const path = this.storage.getItem(LAST_KEY);
    if (path === null) return null;
    try {
      return this.recentText(path);
    } catch {
      return null;
    }
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

  private entries(): RecentEntry[] {
    try {
      const value: unknown = JSON.parse(this.storage.getItem(RECENT_KEY) ?? '[]');
      if (!Array.isArray(value)) return [];
      return value
        .filter((e): e is RecentEntry => typeof e?.name === 'string' && typeof e?.path === 'string' && this.storage.getItem(RECENT_TEXT_PREFIX + e.path) !== null)
        .map((e) => (e.saved === true ? { name: e.name, path: e.path, saved: true } : { name: e.name, path: e.path }));
    } catch {
      return [];
    }
  }

  private setLast(path: string): void {
    try {
      this.storage.setItem(LAST_KEY, path);
    } catch {
      // A path is tiny; if even it does not fit, the next start opens a blank canvas.
    }
  }

  /**
   * Puts an entry at the top with its text, dropping copies of opened files past
   * MAX_RECENT, then the oldest copies while storage is full. Throws when it does not fit
   * once every copy is gone; what was there before stays.
   */
  private put(entry: RecentEntry, text: string): void {
    const all = this.entries();
    const before = all.find((e) => e.path === entry.path);
    const others = all.filter((e) => e !== before);
    const copies = others.filter((e) => !e.saved);
    const dropped = copies.slice(entry.saved ? MAX_RECENT : MAX_RECENT - 1);
    for (const d of dropped) this.storage.removeItem(RECENT_TEXT_PREFIX + d.path);
    let list = [entry, ...others.filter((e) => !dropped.includes(e))];
    const previous = this.storage.getItem(RECENT_TEXT_PREFIX + entry.path);
    for (;;) {
      try {
        this.storage.setItem(RECENT_TEXT_PREFIX + entry.path, text);
        this.storage.setItem(RECENT_KEY, JSON.stringify(list));
        this.setLast(entry.path);
        return;
      } catch (error) {
        const oldestCopy = [...list].reverse().find((e) => !e.saved && e.path !== entry.path);
        if (!oldestCopy) {
          // Put back what was there: the entry's old text (it fitted before) and its old place.
          try {
            if (previous !== null) this.storage.setItem(RECENT_TEXT_PREFIX + entry.path, previous);
            else this.storage.removeItem(RECENT_TEXT_PREFIX + entry.path);
            this.storage.setItem(RECENT_KEY, JSON.stringify(before ? [before, ...list.slice(1)] : list.slice(1)));
          } catch {
            // Nothing more can be written; the list is read back filtered by what has text.
          }
          throw error;
        }
        list = list.filter((e) => e !== oldestCopy);
        this.storage.removeItem(RECENT_TEXT_PREFIX + oldestCopy.path);
      }
    }
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
