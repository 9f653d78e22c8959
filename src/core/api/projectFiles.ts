import { z } from 'zod';
import { MAX_DOCUMENT_BYTES } from '../graph/load';
import { DEFAULT_CALL_BYTES, defineService, method, returns, type ServiceApi } from './service';

/**
 * The project-files service: opening, saving, recent projects, the recovery copy and
 * exports. The desktop main process serves it over IPC (its file dialogs, its recent list);
 * in a browser the page implements the same methods itself (a file picker, downloads,
 * localStorage). Defined once, here, like the engine's service.
 */

/** The largest export (a trained model's weights, a PNG) the page may hand over. */
export const MAX_EXPORT_BYTES = 200 * 1024 * 1024;

/** A project file as the renderer sees it: its text, its name, and where it lives when the host knows. */
export interface ProjectFile {
  readonly name: string;
  /** A full path on the desktop; absent in a browser, where files come and go through the page. */
  readonly path?: string;
  /** A project or model JSON's text; empty for a binary model. */
  readonly text: string;
  /** A binary model's bytes (an `.onnx` file, which the engine imports: `importModel`). */
  readonly bytes?: Uint8Array;
}

const MIB = 1024 * 1024;

const projectText = z.string().max(MAX_DOCUMENT_BYTES, `a project is at most ${MAX_DOCUMENT_BYTES / MIB} MiB`);

const fileName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => ![...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 32) && name !== '.' && name !== '..', 'expected a file name without folders');

/** Absolute on POSIX (`/…`) or Windows (`C:\…`, `C:/…`, `\\server\…`); never with a NUL. */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0') && /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'expected an absolute path');

const exportData = z.union([
  z.string().max(MAX_EXPORT_BYTES, `an export is at most ${MAX_EXPORT_BYTES / MIB} MiB`),
  z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected text or bytes (a Uint8Array)').refine((bytes) => bytes.byteLength <= MAX_EXPORT_BYTES, `an export is at most ${MAX_EXPORT_BYTES / MIB} MiB`),
]);

const mimeType = z.string().regex(/^[a-z]+\/[a-z0-9.+-]+(;\s*charset=[a-z0-9-]+)?$/i, 'expected a MIME type such as application/json');

const saveOptions = z
  .object({
    /** The file the project came from; saved to again unless `saveAs`. */
    path: absolutePath.optional(),
    suggestedName: fileName,
    saveAs: z.boolean(),
  })
  .strict()
  .readonly();
export type SaveProjectOptions = z.infer<typeof saveOptions>;

/** A call carrying a project's text (at most MAX_DOCUMENT_BYTES) and its options; every other call takes DEFAULT_CALL_BYTES. */
const PROJECT_CALL_BYTES = MAX_DOCUMENT_BYTES + DEFAULT_CALL_BYTES;

export const PROJECT_FILES_SERVICE = defineService('project-files', {
  /** Asks the user for a project (or a Keras / tfjs model JSON, or an ONNX model) to open; null when they cancel. */
  openProject: method(z.tuple([]), returns<ProjectFile | null>()),
  /** Saves a project; asks where when there is no path yet or `saveAs` is set. Null when they cancel. */
  saveProject: method(z.tuple([projectText, saveOptions]), returns<{ name: string; path?: string } | null>(), { maxCallBytes: PROJECT_CALL_BYTES }),
  recentProjects: method(z.tuple([]), returns<readonly { name: string; path: string }[]>()),
  openRecent: method(z.tuple([absolutePath]), returns<ProjectFile>()),
  /** Autosave: one recovery copy of the open project, kept until it is saved or discarded. */
  saveRecovery: method(z.tuple([projectText]), returns<void>(), { maxCallBytes: PROJECT_CALL_BYTES }),
  loadRecovery: method(z.tuple([]), returns<string | null>()),
  clearRecovery: method(z.tuple([]), returns<void>()),
  /** The person's saved blocks ("My blocks", `core/graph/blocks.ts`) as stored text; null when none were ever saved. Checked by the page on load. */
  loadBlocks: method(z.tuple([]), returns<string | null>()),
  /** Keeps the saved blocks' text, in place of the last. */
  saveBlocks: method(z.tuple([projectText]), returns<void>(), { maxCallBytes: PROJECT_CALL_BYTES }),
  /** Asks the user for a dataset (a table or arrays file, or a folder) on the desktop; null when they cancel or in a browser, which lists the host's data folders instead. */
  chooseData: method(z.tuple([z.enum(['file', 'folder'])]), returns<string | null>()),
  /** Offers a file to the user: a save dialog on the desktop, a download in a browser. */
  exportFile: method(z.tuple([exportData, fileName, mimeType]), returns<void>(), { maxCallBytes: MAX_EXPORT_BYTES + DEFAULT_CALL_BYTES }),
});

export type ProjectFilesApi = ServiceApi<typeof PROJECT_FILES_SERVICE.methods>;
