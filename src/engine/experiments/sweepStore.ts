import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SWEEP_ID_PATTERN, sweepStateSchema, type SweepState } from '../../core/experiments/sweepState';
import { writeFileAtomic } from '../../node/atomicWrite';
import { readBoundedFile } from '../../node/readBounded';

/** The folder inside a runs folder where sweeps keep their state files. */
export const SWEEPS_FOLDER = 'sweeps';
/** No sweep's state file comes near this. */
const MAX_STATE_BYTES = 64 * 1024 * 1024;

/** A sweep that does not exist or whose file cannot be read: the message names it and the file. */
export class SweepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepError';
  }
}

/** A new sweep id: the time it was made, sortable, plus a few random letters. */
export function newSweepId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `sweep-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Sweep state files, one `<id>.json` each, in `<runsDir>/sweeps/`; each written whole (atomically) every time. */
export class SweepStore {
  readonly dir: string;

  constructor(runsDir: string) {
    this.dir = path.join(runsDir, SWEEPS_FOLDER);
  }

  file(id: string): string {
    if (!SWEEP_ID_PATTERN.test(id)) throw new SweepError(`'${id}' is not a sweep id (sweep- and letters, digits and -)`);
    return path.join(this.dir, `${id}.json`);
  }

  async save(state: SweepState): Promise<void> {
    await writeFileAtomic(this.file(state.id), `${JSON.stringify(state, null, 2)}\n`);
  }

  async load(id: string): Promise<SweepState> {
    const file = this.file(id);
    let text: string;
    try {
      text = (await readBoundedFile(file, MAX_STATE_BYTES)).toString('utf8');
    } catch {
      throw new SweepError(`There is no sweep '${id}' (no ${file})`);
    }
    let parsed;
    try {
      parsed = sweepStateSchema.safeParse(JSON.parse(text));
    } catch (error) {
      throw new SweepError(`${file} is not valid JSON (${(error as Error).message})`);
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SweepError(`${file} is not a NetCanvas sweep: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
    }
    if (parsed.data.id !== id) throw new SweepError(`${file} holds sweep '${parsed.data.id}', not '${id}'`);
    return parsed.data as unknown as SweepState;
  }

  /** Every readable sweep, newest first. */
  async list(): Promise<SweepState[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const states: SweepState[] = [];
    for (const name of names) {
      const id = name.replace(/\.json$/, '');
      if (name === id || !SWEEP_ID_PATTERN.test(id)) continue;
      const state = await this.load(id).catch(() => null);
      if (state) states.push(state);
    }
    return states.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}
