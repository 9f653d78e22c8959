import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../node/atomicWrite';
import { readBoundedFile } from '../node/readBounded';

/** The largest recent list read (a few hundred bytes per file; anything larger is not the app's). */
const MAX_RECENT_BYTES = 1024 * 1024;

/** How many recent projects File ▸ Open Recent lists. */
export const MAX_RECENT_FILES = 10;

const recentSchema = z.object({
  version: z.literal(1),
  files: z.array(z.object({ name: z.string(), path: z.string() })).max(100),
});

export interface RecentFile {
  readonly name: string;
  readonly path: string;
}

/**
 * The recent projects, kept in userData/recent-projects.json (written atomically). A file
 * that is missing or unreadable counts as an empty list: it is the app's own, and a damaged
 * one must not stop it from starting.
 */
export class RecentFiles {
  private files: RecentFile[] | null = null;

  constructor(readonly storeFile: string) {}

  async list(): Promise<readonly RecentFile[]> {
    if (this.files === null) {
      try {
        const parsed = recentSchema.safeParse(JSON.parse((await readBoundedFile(this.storeFile, MAX_RECENT_BYTES)).toString('utf8')));
        this.files = parsed.success ? parsed.data.files.filter((f) => path.isAbsolute(f.path)).slice(0, MAX_RECENT_FILES) : [];
      } catch {
        this.files = [];
      }
    }
    return this.files;
  }

  async includes(file: string): Promise<boolean> {
    return (await this.list()).some((f) => f.path === file);
  }

  /** Puts a file at the top of the list. */
  async add(file: string): Promise<void> {
    const entry = { name: path.basename(file), path: file };
    await this.store([entry, ...(await this.list()).filter((f) => f.path !== file)].slice(0, MAX_RECENT_FILES));
  }

  async remove(file: string): Promise<void> {
    await this.store((await this.list()).filter((f) => f.path !== file));
  }

  async clear(): Promise<void> {
    await this.store([]);
  }

  private async store(files: RecentFile[]): Promise<void> {
    this.files = files;
    await writeFileAtomic(this.storeFile, `${JSON.stringify({ version: 1, files }, null, 2)}\n`);
  }
}
