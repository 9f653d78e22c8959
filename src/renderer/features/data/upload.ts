import type { NetCanvasApi } from '../../../core/api/contract';

/** Bytes per chunk sent to the host: 3 MiB, 4 MiB as base64 (the API's limit). */
export const CHUNK_BYTES = 3 * 1024 * 1024;

/** A file to send and its path inside the upload (`seven/1.png` for a folder's, its name for a lone file). */
export interface UploadFile {
  readonly path: string;
  readonly file: Blob;
}

/** Bytes as base64, in slices (a spread of millions of arguments would overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** A fresh upload id: `upload-` and 16 random hex digits. */
function uploadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `upload-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Sends a dataset to the host chunk by chunk (see the engine's UploadStore): every file in
 * order, `onProgress` after each chunk with the bytes sent of all, then one `finishUpload`
 * that puts it in the host's data folder under `name`. Answers the dataset's path there.
 */
export async function uploadDataset(api: NetCanvasApi, name: string, files: readonly UploadFile[], onProgress: (sent: number, total: number) => void): Promise<string> {
  if (files.length === 0) throw new Error('Nothing to upload: no files');
  const upload = uploadId();
  const total = files.reduce((sum, f) => sum + f.file.size, 0);
  let sent = 0;
  for (const { path, file } of files) {
    let offset = 0;
    do {
      const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
      await api.uploadData({ upload, file: path, offset, total: file.size, chunk: toBase64(bytes) });
      offset += bytes.length;
      sent += bytes.length;
      onProgress(sent, total);
    } while (offset < file.size);
  }
  return (await api.finishUpload({ upload, name })).path;
}

/**
 * What a person dropped or chose, as an upload: one file under its name, or a folder's files
 * under their paths inside it (`webkitRelativePath` without the folder's own name).
 */
export function asUpload(files: readonly { readonly file: Blob; readonly name: string; readonly relativePath: string }[]): { name: string; files: UploadFile[] } {
  if (files.length === 1 && !files[0].relativePath.includes('/')) return { name: files[0].name, files: [{ path: files[0].name, file: files[0].file }] };
  const first = files[0]?.relativePath.split('/')[0] ?? 'upload';
  return { name: first, files: files.map((f) => ({ path: f.relativePath.split('/').slice(1).join('/') || f.name, file: f.file })) };
}

/** A dropped folder's files, read through the entries API (recursively), with their paths from the folder's name. */
export async function droppedFiles(items: DataTransferItemList): Promise<{ file: File; name: string; relativePath: string }[]> {
  const out: { file: File; name: string; relativePath: string }[] = [];
  const visit = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push({ file, name: file.name, relativePath: `${prefix}${entry.name}` });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) if (!child.name.startsWith('.')) await visit(child, `${prefix}${entry.name}/`);
      }
    }
  };
  const entries = Array.from(items, (item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  for (const entry of entries) await visit(entry, '');
  return out;
}
