import { dialog, type BrowserWindow } from 'electron';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ProjectFile, SaveProjectOptions } from '../core/api/projectFiles';
import { MAX_DOCUMENT_BYTES } from '../core/graph/load';
import { MAX_IMPORT_MODEL_BYTES } from '../core/api/contract';
import { writeFileAtomic } from '../node/atomicWrite';
import { FileReadError, readBoundedFile } from '../node/readBounded';
import { RecentFiles } from './recentFiles';

const MIB = 1024 * 1024;

const PROJECT_FILTERS = [
  { name: 'NetCanvas projects and Keras / tfjs models', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];
/** The Open dialog's: projects and model JSON, and ONNX models (imported by the engine). */
const OPEN_FILTERS = [{ name: 'NetCanvas projects, Keras / tfjs and ONNX models', extensions: ['json', 'onnx'] }, ...PROJECT_FILTERS];

/** A refusal or failure the page should show as it is. */
export class FileAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileAccessError';
  }
}

/** Reads a project file, refusing what is missing, a folder, a special file (a FIFO, a device), or larger than a document may be. */
export async function readProjectFile(file: string): Promise<ProjectFile> {
  // An ONNX model is binary, for the engine to import; its limit is what the API carries.
  const onnx = /\.onnx$/i.test(file);
  const most = onnx ? MAX_IMPORT_MODEL_BYTES : MAX_DOCUMENT_BYTES;
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(file, most);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.refusal === 'missing') throw new FileAccessError(`${file}: no such file`);
    if (error.refusal === 'folder') throw new FileAccessError(`${file} is not a file`);
    if (error.refusal === 'too-large') {
      throw new FileAccessError(`${file} is ${((error.size ?? 0) / MIB).toFixed(1)} MiB; NetCanvas opens ${onnx ? 'ONNX models' : 'files'} of at most ${most / MIB} MiB${onnx ? ' (`netcanvas train` reads larger ones)' : ''}`);
    }
    throw new FileAccessError(error.message);
  }
  if (onnx) return { name: path.basename(file), path: file, text: '', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  return { name: path.basename(file), path: file, text: bytes.toString('utf8') };
}

/**
 * The files the page may reach, and nothing else: those the user chose in an Open or Save
 * dialog (this session, or earlier ones as kept in the recent list), and the app's own
 * recovery copy and saved blocks in userData. Paths from the page are never trusted on their own.
 */
export class ProjectFiles {
  private readonly chosen = new Set<string>();
  readonly recent: RecentFiles;
  private readonly recoveryFile: string;
  private readonly blocksFile: string;

  constructor(
    userData: string,
    private readonly window: () => BrowserWindow | null,
    private readonly defaultFolder: () => string,
    private readonly onRecentChange: () => void = () => undefined,
  ) {
    this.recent = new RecentFiles(path.join(userData, 'recent-projects.json'));
    this.recoveryFile = path.join(userData, 'recovery', 'recovery.netcanvas.json');
    this.blocksFile = path.join(userData, 'blocks.json');
  }

  /** The Open dialog; the chosen file is read and remembered. Null when the user cancels. */
  async open(): Promise<ProjectFile | null> {
    const owner = this.window();
    const options = { title: 'Open a project', properties: ['openFile' as const], filters: OPEN_FILTERS };
    const answer = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    if (answer.canceled || answer.filePaths.length === 0) return null;
    const file = path.resolve(answer.filePaths[0]);
    const project = await readProjectFile(file);
    this.chosen.add(file);
    await this.remember(file);
    return project;
  }

  /** The system dialog for a dataset: a table or arrays file, or a folder (pictures per class, IDX files, .npy files). Null when the user cancels. */
  async chooseData(kind: 'file' | 'folder'): Promise<string | null> {
    const owner = this.window();
    const options =
      kind === 'file'
        ? { title: 'Open a dataset', properties: ['openFile' as const], filters: [{ name: 'Tables and arrays', extensions: ['csv', 'tsv', 'txt', 'npz', 'npy'] }] }
        : { title: 'Open a folder of data', properties: ['openDirectory' as const] };
    const answer = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return answer.canceled || answer.filePaths.length === 0 ? null : path.resolve(answer.filePaths[0]);
  }

  /** A recent project; only paths in the recent list are opened. A missing one leaves the list. */
  async openRecent(file: string): Promise<ProjectFile> {
    if (!(await this.recent.includes(file))) throw new FileAccessError(`${file} is not in the recent projects list; open it with File ▸ Open…`);
    try {
      const project = await readProjectFile(file);
      this.chosen.add(file);
      await this.remember(file);
      return project;
    } catch (error) {
      if (error instanceof FileAccessError && error.message.endsWith('no such file')) {
        await this.recent.remove(file);
        this.onRecentChange();
      }
      throw error;
    }
  }

  /**
   * Saves a project to `options.path` when the user chose that file before, else asks where
   * with the Save dialog. Null when the user cancels.
   */
  async save(text: string, options: SaveProjectOptions): Promise<{ name: string; path: string } | null> {
    let file: string | null = null;
    if (options.path !== undefined && !options.saveAs) {
      const wanted = path.resolve(options.path);
      if (!this.chosen.has(wanted) && !(await this.recent.includes(wanted))) {
        throw new FileAccessError(`NetCanvas saves only to files chosen in its Open or Save dialogs; ${options.path} was not. Use File ▸ Save As…`);
      }
      file = wanted;
    }
    file ??= await this.askWhere('Save the project', options.path ? path.basename(options.path) : options.suggestedName, [PROJECT_FILTERS[0]]);
    if (file === null) return null;
    await writeFileAtomic(file, text);
    this.chosen.add(file);
    await this.remember(file);
    return { name: path.basename(file), path: file };
  }

  /** Offers data with the Save dialog; writes it where the user says. */
  async export(data: string | Uint8Array, suggestedName: string): Promise<void> {
    const extension = path.extname(suggestedName).slice(1);
    const filters = extension ? [{ name: `${extension.toUpperCase()} files`, extensions: [extension] }, PROJECT_FILTERS[1]] : [PROJECT_FILTERS[1]];
    const file = await this.askWhere('Export', suggestedName, filters);
    if (file !== null) await writeFileAtomic(file, data);
  }

  async saveRecovery(text: string): Promise<void> {
    await writeFileAtomic(this.recoveryFile, text);
  }

  async loadRecovery(): Promise<string | null> {
    try {
      // The app's own file, read only as a bounded regular file: anything else is no recovery.
      return (await readBoundedFile(this.recoveryFile, MAX_DOCUMENT_BYTES)).toString('utf8');
    } catch {
      return null;
    }
  }

  async clearRecovery(): Promise<void> {
    await fs.rm(this.recoveryFile, { force: true });
  }

  /**
   * The saved blocks ("My blocks") in userData, read as a bounded regular file; null before any
   * was saved. Any other failure is thrown, so the page shows it and never saves over the list.
   */
  async loadBlocks(): Promise<string | null> {
    try {
      return (await readBoundedFile(this.blocksFile, MAX_DOCUMENT_BYTES)).toString('utf8');
    } catch (error) {
      if (error instanceof FileReadError && error.refusal === 'missing') return null;
      throw error;
    }
  }

  async saveBlocks(text: string): Promise<void> {
    await writeFileAtomic(this.blocksFile, text);
  }

  private async askWhere(title: string, name: string, filters: { name: string; extensions: string[] }[]): Promise<string | null> {
    const owner = this.window();
    const options = { title, defaultPath: path.join(this.defaultFolder(), name), filters, properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
    const answer = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    return answer.canceled || !answer.filePath ? null : path.resolve(answer.filePath);
  }

  private async remember(file: string): Promise<void> {
    await this.recent.add(file);
    this.onRecentChange();
  }
}
