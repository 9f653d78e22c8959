import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { UploadChunk, UploadFinish } from '../../../core/api/contract';
import { joinInside } from '../../../node/safePath';

/** The most bytes one upload (a file, or a folder's files together) may hold. */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** The most files one upload may hold (a folder of pictures). */
export const MAX_UPLOAD_FILES = 200_000;
/** The folder inside the first data folder that uploads land in. */
export const UPLOADS_FOLDER = 'uploads';

interface Upload {
  readonly staging: string;
  bytes: number;
  readonly files: Map<string, { received: number; total: number }>;
  touched: number;
}

/** A refused upload, its message naming what is wrong. */
export class UploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadError';
  }
}

/** An upload left unfinished this long is removed with its bytes. */
const ABANDONED_MS = 30 * 60 * 1000;

/**
 * Datasets sent from a browser to the host, chunk by chunk: each upload is staged in a hidden
 * folder beside its destination (`uploads/.upload-ID`), every chunk checked (its file's path
 * inside the upload, its offset, the declared sizes against the limits) before it is written,
 * and the whole upload appears under `uploads/NAME` in one rename when it is finished, so the
 * data folder never holds half a dataset. Names are never used as property names.
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly root: string | undefined) {}

  private folder(): string {
    if (!this.root) throw new UploadError('This engine reads data where it lies; uploads are for a browser host (netcanvas web --data DIR)');
    return path.join(this.root, UPLOADS_FOLDER);
  }

  async chunk(request: UploadChunk): Promise<{ received: number }> {
    const uploads = this.folder();
    await this.dropAbandoned();
    let upload = this.uploads.get(request.upload);
    if (!upload) {
      if (request.offset !== 0) throw new UploadError(`Upload ${request.upload} is not under way; start it at offset 0`);
      const staging = path.join(uploads, `.${request.upload}`);
      await fs.mkdir(staging, { recursive: true });
      upload = { staging, bytes: 0, files: new Map(), touched: Date.now() };
      this.uploads.set(request.upload, upload);
    }
    const joined = joinInside(upload.staging, request.file);
    if (!joined.ok) throw new UploadError(`'${request.file}' is not a file's path inside the upload (${joined.refused}); use names without .., leading dots or backslashes`);
    const bytes = Buffer.from(request.chunk, 'base64');
    let file = upload.files.get(joined.relative);
    if (!file) {
      if (upload.files.size >= MAX_UPLOAD_FILES) throw new UploadError(`An upload holds at most ${MAX_UPLOAD_FILES} files`);
      if (upload.bytes + request.total > MAX_UPLOAD_BYTES) throw new UploadError(`An upload holds at most ${MAX_UPLOAD_BYTES / 1024 ** 3} GB; ${request.file} would bring it to ${((upload.bytes + request.total) / 1024 ** 3).toFixed(2)} GB`);
      if (request.offset !== 0) throw new UploadError(`${request.file}: the first chunk starts at offset 0, not ${request.offset}`);
      file = { received: 0, total: request.total };
      upload.files.set(joined.relative, file);
      upload.bytes += request.total;
      await fs.mkdir(path.dirname(joined.file), { recursive: true });
      await fs.writeFile(joined.file, new Uint8Array(0));
    }
    if (request.total !== file.total) throw new UploadError(`${request.file}: its size was given as ${file.total} bytes, now ${request.total}`);
    if (request.offset !== file.received) throw new UploadError(`${request.file}: expected the chunk at offset ${file.received}, got ${request.offset}`);
    if (file.received + bytes.length > file.total) throw new UploadError(`${request.file}: the chunks hold more than the ${file.total} bytes given`);
    await fs.appendFile(joined.file, bytes);
    file.received += bytes.length;
    upload.touched = Date.now();
    return { received: file.received };
  }

  /** Checks every file arrived whole and moves the upload to `uploads/NAME` (a folder, or the one file); answers its path. */
  async finish(request: UploadFinish): Promise<{ path: string }> {
    const uploads = this.folder();
    const upload = this.uploads.get(request.upload);
    if (!upload) throw new UploadError(`Upload ${request.upload} is not under way`);
    const short = [...upload.files].find(([, f]) => f.received !== f.total);
    if (short) throw new UploadError(`${short[0]} arrived with ${short[1].received} of its ${short[1].total} bytes; send the rest first`);
    const target = joinInside(uploads, request.name);
    if (!target.ok || target.relative.includes('/')) throw new UploadError(`'${request.name}' is not a name for an upload (a file or folder name, no / or leading dot)`);
    const taken = await fs.stat(target.file).then(() => true, () => false);
    // A name already taken gets the upload's digest before its extension: iris-3fa2c1.csv.
    const ext = path.extname(target.file);
    const free = taken ? `${target.file.slice(0, target.file.length - ext.length)}-${createHash('sha256').update(request.upload).digest('hex').slice(0, 6)}${ext}` : target.file;
    const only = upload.files.size === 1 ? [...upload.files.keys()][0] : null;
    // A single file (not in a sub-folder) becomes the dataset; else the staged folder does.
    if (only !== null && !only.includes('/')) {
      await fs.rename(path.join(upload.staging, only), free);
      await fs.rm(upload.staging, { recursive: true, force: true });
    } else {
      await fs.rename(upload.staging, free);
    }
    this.uploads.delete(request.upload);
    return { path: free };
  }

  /** Removes uploads nobody has sent a chunk to for a while. */
  private async dropAbandoned(): Promise<void> {
    const now = Date.now();
    for (const [id, upload] of this.uploads) {
      if (now - upload.touched < ABANDONED_MS) continue;
      this.uploads.delete(id);
      await fs.rm(upload.staging, { recursive: true, force: true });
    }
  }
}
