import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { RunChanges, RunDataSummary, RunRecord, RunSummary } from '../../core/api/contract';
import { BUILTIN_DATASETS } from '../../core/data/description';
import { writeFileAtomic, writeFolderAtomic } from '../../node/atomicWrite';
import { saveModelFiles } from './modelFiles';
import { FileReadError, readBoundedFile } from '../../node/readBounded';
import { z } from 'zod';
import { classWeightSchema, earlyStoppingSchema, scheduleSchema } from '../../core/training/config';

/** The largest run.json read (a record of a few KiB per epoch's history). */
const MAX_RUN_JSON_BYTES = 16 * 1024 * 1024;

export const RUN_FILE = 'run.json';

/** A run that does not exist or cannot be read: the message names it and the file. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,80}$/;

/**
 * The fields of a run record that the run list, the app and `runs` read without looking
 * (RunSummary's, the optimizer's type, the test accuracy); the rest pass through as written.
 * A run.json whose fields are not of these types is refused naming the field, not listed.
 */
const RECORD_FIELDS = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    name: z.string(),
    notes: z.string().optional(),
    sweep: z.object({ id: z.string(), trial: z.number(), settings: z.array(z.tuple([z.string(), z.unknown()])) }).passthrough().optional(),
    backend: z.string(),
    seconds: z.number(),
    status: z.enum(['completed', 'stopped']),
    totalParams: z.number(),
    trainSamples: z.number(),
    training: z.object({ optimizer: z.object({ type: z.string() }).passthrough() }).passthrough(),
    history: z.array(z.unknown()),
    test: z.object({ testAccuracy: z.number().nullable().optional() }).passthrough().nullable().optional(),
  })
  .passthrough();

/** A new run id: the time it was made, sortable, plus a few random letters. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Writes a trained model and its run record into `folder` (which must be new or empty of them). */
export async function writeRunFiles(folder: string, model: tf.LayersModel, record: RunRecord): Promise<void> {
  await saveModelFiles(model, folder);
  await writeFileAtomic(path.join(folder, RUN_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The saved runs: one folder per run under `runsDir`, holding model.json, weights.bin and run.json. */
export class RunStore {
  constructor(readonly runsDir: string) {}

  folder(runId: string): string {
    if (!RUN_ID.test(runId)) throw new RunError(`'${runId}' is not a run id (letters, digits, - and _)`);
    return path.join(this.runsDir, runId);
  }

  /** Saves a run whole or not at all. */
  async save(model: tf.LayersModel, record: RunRecord): Promise<void> {
    await writeFolderAtomic(this.folder(record.id), (folder) => writeRunFiles(folder, model, record));
  }

  async get(runId: string): Promise<RunRecord> {
    const file = path.join(this.folder(runId), RUN_FILE);
    let text: string;
    try {
      text = (await readBoundedFile(file, MAX_RUN_JSON_BYTES)).toString('utf8');
    } catch (error) {
      if (error instanceof FileReadError && error.refusal !== 'missing') throw new RunError(`Run '${runId}' cannot be read: ${error.message}`);
      throw new RunError(`There is no run '${runId}' (no ${file})`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new RunError(`${file} cannot be read: ${(error as Error).message}`);
    }
    const checked = RECORD_FIELDS.safeParse(value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new RunError(`${file} is not a NetCanvas run record: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
    }
    if (checked.data.id !== runId) throw new RunError(`${file} is not a NetCanvas run record: id: '${checked.data.id}', not the folder's name '${runId}'`);
    return value as RunRecord;
  }

  /** Every readable run, newest first. Folders that are not runs are left out. */
  async list(): Promise<RunSummary[]> {
    const entries = await fs.readdir(this.runsDir, { withFileTypes: true }).catch(() => []);
    const runs: RunSummary[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || !RUN_ID.test(entry.name)) continue;
      const record = await this.get(entry.name).catch(() => null);
      if (record) runs.push(summarizeRun(record));
    }
    return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Renames a run or changes its notes: its run.json is rewritten whole (atomically). */
  async update(runId: string, changes: RunChanges): Promise<RunRecord> {
    const record = await this.get(runId);
    const changed: RunRecord = {
      ...record,
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
    };
    await writeFileAtomic(path.join(this.folder(runId), RUN_FILE), `${JSON.stringify(changed, null, 2)}\n`);
    return changed;
  }

  /** Deletes a run: renamed out of the way first, so a half-deleted run never lists. */
  async delete(runId: string): Promise<void> {
    const folder = this.folder(runId);
    const doomed = path.join(this.runsDir, `.${runId}.deleting.${randomBytes(3).toString('hex')}`);
    try {
      await fs.rename(folder, doomed);
    } catch {
      throw new RunError(`There is no run '${runId}' in ${this.runsDir}`);
    }
    await fs.rm(doomed, { recursive: true, force: true });
  }
}

export function summarizeRun(r: RunRecord): RunSummary {
  return {
    id: r.id,
    createdAt: r.createdAt,
    name: r.name,
    ...(r.notes !== undefined ? { notes: r.notes } : {}),
    ...(r.sweep !== undefined ? { sweep: r.sweep } : {}),
    backend: r.backend,
    seconds: r.seconds,
    status: r.status,
    totalParams: r.totalParams,
    trainSamples: r.trainSamples,
    optimizer: r.training.optimizer.type,
    epochs: r.history.length,
    testAccuracy: r.test?.testAccuracy ?? null,
    data: dataOf(r),
    ...trainingExtras(r),
  };
}

/** The dataset a run trained on, read as loosely as the rest of a run.json (the user's file): own data's id and label, else the graph's built-in dataset. */
function dataOf(r: RunRecord): RunDataSummary {
  const description = (r as { data?: { description?: { id?: unknown; label?: unknown } } }).data?.description;
  if (description) {
    const id = typeof description.id === 'string' ? description.id : '';
    return { own: true, id, label: typeof description.label === 'string' ? description.label : id };
  }
  const name = (r as { document?: { dataset?: { name?: unknown } } }).document?.dataset?.name;
  const builtIn = typeof name === 'string' && Object.hasOwn(BUILTIN_DATASETS, name) ? BUILTIN_DATASETS[name as keyof typeof BUILTIN_DATASETS] : BUILTIN_DATASETS.mnist;
  return { own: false, id: builtIn.id, label: builtIn.label };
}

/** The schedule, early stopping and class weights a run trained with, each where it had one and it reads as its schema says (a run.json is the user's file). */
function trainingExtras(r: RunRecord): Partial<RunSummary> {
  const t = r.training as Partial<Record<'schedule' | 'earlyStopping' | 'classWeight', unknown>>;
  const schedule = t.schedule === undefined ? undefined : scheduleSchema.safeParse(t.schedule);
  const earlyStopping = t.earlyStopping === undefined ? undefined : earlyStoppingSchema.safeParse(t.earlyStopping);
  const classWeight = t.classWeight === undefined ? undefined : classWeightSchema.safeParse(t.classWeight);
  const stopped = (r as { stoppedEarlyAfter?: unknown }).stoppedEarlyAfter;
  return {
    ...(schedule?.success ? { schedule: schedule.data } : {}),
    ...(earlyStopping?.success ? { earlyStopping: earlyStopping.data } : {}),
    ...(classWeight?.success ? { classWeight: classWeight.data } : {}),
    ...(typeof stopped === 'number' && Number.isInteger(stopped) && stopped > 0 ? { stoppedEarlyAfter: stopped } : {}),
  };
}
