import path from 'node:path';
import { z } from 'zod';
import { IPC_CHANNELS, type IpcChannel } from '../core/api/bridge';
import { MAX_DOCUMENT_BYTES } from '../core/graph/load';

/** The largest export (a trained model's weights, a PNG) the page may hand over. */
export const MAX_EXPORT_BYTES = 200 * 1024 * 1024;

const projectText = z.string().max(MAX_DOCUMENT_BYTES, `a project is at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`);

const fileName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => ![...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 32) && name !== '.' && name !== '..', 'expected a file name without folders');

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0') && path.isAbsolute(p), 'expected an absolute path');

const exportData = z.union([
  z.string().max(MAX_EXPORT_BYTES, `an export is at most ${MAX_EXPORT_BYTES / 1024 / 1024} MiB`),
  z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength <= MAX_EXPORT_BYTES, `an export is at most ${MAX_EXPORT_BYTES / 1024 / 1024} MiB`),
]);

const mimeType = z.string().regex(/^[a-z]+\/[a-z0-9.+-]+(;\s*charset=[a-z0-9-]+)?$/i, 'expected a MIME type such as application/json');

/** What each channel accepts, checked in the main process before anything is done. */
export const IPC_ARGUMENTS: Record<Exclude<IpcChannel, typeof IPC_CHANNELS.apiEvent | typeof IPC_CHANNELS.menuCommand>, z.ZodTypeAny> = {
  [IPC_CHANNELS.apiCall]: z.tuple([z.string().max(64), z.array(z.unknown()).max(16)]),
  [IPC_CHANNELS.openProject]: z.tuple([]),
  [IPC_CHANNELS.saveProject]: z.tuple([projectText, z.object({ path: absolutePath.optional(), suggestedName: fileName, saveAs: z.boolean() }).strict()]),
  [IPC_CHANNELS.recentProjects]: z.tuple([]),
  [IPC_CHANNELS.openRecent]: z.tuple([absolutePath]),
  [IPC_CHANNELS.saveRecovery]: z.tuple([projectText]),
  [IPC_CHANNELS.loadRecovery]: z.tuple([]),
  [IPC_CHANNELS.clearRecovery]: z.tuple([]),
  [IPC_CHANNELS.exportFile]: z.tuple([exportData, fileName, mimeType]),
};

/** Checks one message's arguments; the message names the channel and the argument. */
export function checkIpcArguments(channel: keyof typeof IPC_ARGUMENTS, args: unknown[]): { ok: true; args: unknown[] } | { ok: false; message: string } {
  const schema = IPC_ARGUMENTS[channel];
  if (schema instanceof z.ZodTuple && args.length !== schema.items.length) {
    const wanted = schema.items.length;
    return { ok: false, message: `${channel}: expected ${wanted} argument${wanted === 1 ? '' : 's'}, got ${args.length}` };
  }
  const parsed = schema.safeParse(args);
  if (parsed.success) return { ok: true, args: parsed.data as unknown[] };
  const first = parsed.error.issues[0];
  const where = first.path.length ? `argument ${first.path.join('.')}` : 'arguments';
  return { ok: false, message: `${channel}: ${where}: ${first.message}` };
}
