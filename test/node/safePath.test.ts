import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside, resolveServedFile, type PathRefusal } from '../../src/node/safePath';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'netcanvas-safepath-'));
  root = path.join(base, 'root');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), 'page');
  await writeFile(path.join(root, 'assets', 'app.js'), 'app');
  await writeFile(path.join(root, '.env'), 'SECRET');
  await writeFile(path.join(base, 'secret.txt'), 'SECRET');
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'link-out.txt'));
  await symlink(base, path.join(root, 'folder-out'));
  await symlink(path.join(root, 'assets', 'app.js'), path.join(root, 'link-in.js'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('resolveInside: a user path into a folder', () => {
  const cases: { path: string; expect: string | PathRefusal; why: string }[] = [
    { path: 'index.html', expect: 'index.html', why: 'a plain file inside' },
    { path: 'assets/app.js', expect: 'assets/app.js', why: 'a file in a subfolder' },
    { path: 'assets//app.js', expect: 'assets/app.js', why: 'empty segments are ignored' },
    { path: 'link-in.js', expect: 'assets/app.js', why: 'a link to a file inside is followed, to its real place' },
    { path: '../secret.txt', expect: 'climbs', why: 'traversal with ..' },
    { path: 'assets/../../secret.txt', expect: 'climbs', why: 'traversal after a real folder' },
    { path: './index.html', expect: 'climbs', why: 'a . segment' },
    { path: '/etc/passwd', expect: 'absolute', why: 'an absolute POSIX path' },
    { path: 'C:/Windows/win.ini', expect: 'absolute', why: 'an absolute Windows path' },
    { path: '..\\secret.txt', expect: 'malformed', why: 'a backslash' },
    { path: 'index.html\0.js', expect: 'malformed', why: 'a NUL byte' },
    { path: '.env', expect: 'hidden', why: 'a dotfile' },
    { path: 'link-out.txt', expect: 'outside', why: 'a symbolic link to a file outside the root' },
    { path: 'folder-out/secret.txt', expect: 'outside', why: 'a path through a symbolic link to a folder outside' },
    { path: 'missing.js', expect: 'missing', why: 'a missing file' },
    { path: 'assets', expect: 'not-a-file', why: 'a folder' },
  ];
  it.each(cases)('$path → $expect ($why)', async ({ path: relative, expect: expected }) => {
    const got = await resolveInside(root, relative);
    if (got.ok) expect(path.relative(root, got.file).split(path.sep).join('/')).toBe(expected);
    else expect(got.refused).toBe(expected);
  });
});

describe('resolveServedFile: a URL path into a served folder', () => {
  const cases: { url: string; expect: string | PathRefusal; why: string }[] = [
    { url: '/', expect: 'index.html', why: '/ is index.html' },
    { url: '/assets/%61pp.js', expect: 'assets/app.js', why: 'escapes are decoded' },
    { url: '/%2e%2e/secret.txt', expect: 'climbs', why: 'an encoded ..' },
    { url: '/assets/..%2f..%2fsecret.txt', expect: 'climbs', why: 'an encoded .. and slash' },
    { url: '/%252e%252e/secret.txt', expect: 'missing', why: 'decoded once only: %252e is the name %2e' },
    { url: '//etc/passwd', expect: 'missing', why: 'a doubled slash stays inside the root' },
    { url: '/%5c..%5csecret.txt', expect: 'malformed', why: 'an encoded backslash' },
    { url: '/%E0%A4%A', expect: 'malformed', why: 'escapes that are not UTF-8' },
    { url: 'index.html', expect: 'malformed', why: 'not a path from /' },
    { url: '/link-out.txt', expect: 'outside', why: 'a link out of the root' },
  ];
  it.each(cases)('$url → $expect ($why)', async ({ url, expect: expected }) => {
    const got = await resolveServedFile(root, url);
    if (got.ok) expect(got.relative).toBe(expected);
    else expect(got.refused).toBe(expected);
  });
});
