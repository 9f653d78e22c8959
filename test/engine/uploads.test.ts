import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UploadStore } from '../../src/engine/data/own/uploads';

/**
 * Uploads from a browser into the host's data folder: a file or a folder arrives whole in one
 * rename, or not at all; every bad chunk is refused by what is wrong with it. Oracle for the
 * bytes: `sha256sum` of the source and of what landed.
 */
const TABLES = '../shared/datasets/tables';
const sha = (file: string) => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const ID = 'upload-00112233';

async function sendFile(store: UploadStore, upload: string, file: string, bytes: Uint8Array, chunk = 1000): Promise<void> {
  for (let offset = 0; offset < bytes.length || offset === 0; offset += chunk) {
    await store.chunk({ upload, file, offset, total: bytes.length, chunk: b64(bytes.subarray(offset, offset + chunk)) });
    if (bytes.length === 0) break;
  }
}

describe('UploadStore', () => {
  it('a table sent in chunks lands as uploads/NAME with its bytes, and nothing is left staged', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nc-up-'));
    const store = new UploadStore(root);
    const source = join(TABLES, 'iris.csv');
    await sendFile(store, ID, 'iris.csv', readFileSync(source));
    // Before finishing, the data folder lists nothing but the hidden staging folder.
    expect(readdirSync(join(root, 'uploads'))).toEqual([`.${ID}`]);
    const { path } = await store.finish({ upload: ID, name: 'iris.csv' });
    expect(path).toBe(join(root, 'uploads', 'iris.csv'));
    expect(sha(path)).toBe(sha(source));
    expect(readdirSync(join(root, 'uploads'))).toEqual(['iris.csv']);
  });

  it('a folder’s files land together as uploads/NAME/…; a second upload of the same name gets its own', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nc-up-'));
    const store = new UploadStore(root);
    for (const id of [ID, 'upload-44556677']) {
      await sendFile(store, id, 'seven/1.png', new Uint8Array([1, 2, 3]));
      await sendFile(store, id, 'one/2.png', new Uint8Array([4, 5]));
      await store.finish({ upload: id, name: 'digits' });
    }
    const names = readdirSync(join(root, 'uploads')).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('digits');
    expect(names[1]).toMatch(/^digits-[0-9a-f]{6}$/);
    expect([...readFileSync(join(root, 'uploads', 'digits', 'seven', '1.png'))]).toEqual([1, 2, 3]);
  });

  const REFUSALS = [
    { says: 'a path that climbs out', send: (s: UploadStore) => s.chunk({ upload: ID, file: '../evil.csv', offset: 0, total: 1, chunk: 'YQ==' }), message: /'\.\.\/evil\.csv' is not a file's path inside the upload \(climbs\)/ },
    { says: 'an absolute path', send: (s: UploadStore) => s.chunk({ upload: ID, file: '/etc/passwd', offset: 0, total: 1, chunk: 'YQ==' }), message: /\(absolute\)/ },
    { says: 'a hidden file', send: (s: UploadStore) => s.chunk({ upload: ID, file: '.bashrc', offset: 0, total: 1, chunk: 'YQ==' }), message: /\(hidden\)/ },
    { says: 'a first chunk not at 0', send: (s: UploadStore) => s.chunk({ upload: ID, file: 'a.csv', offset: 5, total: 10, chunk: 'YQ==' }), message: /not under way; start it at offset 0/ },
    { says: 'more than 2 GB declared', send: (s: UploadStore) => s.chunk({ upload: ID, file: 'a.csv', offset: 0, total: 3 * 1024 ** 3, chunk: 'YQ==' }), message: /at most 2 GB/ },
    {
      says: 'a chunk out of order',
      send: async (s: UploadStore) => {
        await s.chunk({ upload: ID, file: 'a.csv', offset: 0, total: 4, chunk: 'YQ==' });
        await s.chunk({ upload: ID, file: 'a.csv', offset: 3, total: 4, chunk: 'YQ==' });
      },
      message: /a\.csv: expected the chunk at offset 1, got 3/,
    },
    {
      says: 'more bytes than declared',
      send: (s: UploadStore) => s.chunk({ upload: ID, file: 'a.csv', offset: 0, total: 1, chunk: 'YWJj' }),
      message: /the chunks hold more than the 1 bytes given/,
    },
    {
      says: 'finishing before every byte came',
      send: async (s: UploadStore) => {
        await s.chunk({ upload: ID, file: 'a.csv', offset: 0, total: 4, chunk: 'YQ==' });
        await s.finish({ upload: ID, name: 'a.csv' });
      },
      message: /a\.csv arrived with 1 of its 4 bytes/,
    },
    {
      says: 'a name with a folder',
      send: async (s: UploadStore) => {
        await s.chunk({ upload: ID, file: 'a.csv', offset: 0, total: 1, chunk: 'YQ==' });
        await s.finish({ upload: ID, name: 'x/a.csv' });
      },
      message: /'x\/a\.csv' is not a name for an upload/,
    },
  ];
  it.each(REFUSALS)('refuses $says, and nothing appears in the data folder', async ({ send, message }) => {
    const root = mkdtempSync(join(tmpdir(), 'nc-up-'));
    await expect(send(new UploadStore(root))).rejects.toThrow(message);
    const listed = existsSync(join(root, 'uploads')) ? readdirSync(join(root, 'uploads')).filter((n) => !n.startsWith('.')) : [];
    expect(listed).toEqual([]);
  });

  it('an engine without data folders (the desktop, the CLI) takes no uploads', async () => {
    await expect(new UploadStore(undefined).chunk({ upload: ID, file: 'a.csv', offset: 0, total: 1, chunk: 'YQ==' })).rejects.toThrow(/uploads are for a browser host/);
  });
});
