import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/core/security/csp';
import { isLoopbackAddress } from '../../src/host/access';
import { mimeTypeOf } from '../../src/host/mimeTypes';
import { defaultRunsDir } from '../../src/node/userDataDir';

function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
}

describe('the page policy', () => {
  const built = directives(contentSecurityPolicy({ connect: ['ws://127.0.0.1:8377'] }));
  const dev = directives(contentSecurityPolicy({ devServer: 'http://localhost:5173' }));
  const checks: { name: string; holds: () => boolean }[] = [
    { name: 'scripts only from the app itself in a build', holds: () => built['script-src'].join(' ') === "'self'" },
    { name: 'no eval and no WebAssembly in the page', holds: () => !JSON.stringify(built).includes('eval') },
    { name: 'no plugins, frames, base or form targets', holds: () => ['object-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action'].every((d) => built[d].join() === "'none'") },
    { name: 'the API socket may be reached', holds: () => built['connect-src'].includes('ws://127.0.0.1:8377') },
    { name: 'development adds only the dev server and its socket', holds: () => dev['script-src'].includes('http://localhost:5173') && dev['connect-src'].includes('ws://localhost:5173') },
  ];
  it.each(checks)('$name', ({ holds }) => expect(holds()).toBe(true));
});

describe('loopback addresses', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['127.0.0.1.evil.example', false],
  ];
  it.each(cases)('%s → %s', (address, loopback) => expect(isLoopbackAddress(address)).toBe(loopback));
});

describe('content types', () => {
  const cases: [string, string][] = [
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b/app.JS', 'text/javascript; charset=utf-8'],
    ['tfjs-backend-wasm-simd.wasm', 'application/wasm'],
    ['style.css', 'text/css; charset=utf-8'],
    ['icon.svg', 'image/svg+xml'],
    ['font.woff2', 'font/woff2'],
    ['weights.bin', 'application/octet-stream'],
    ['noextension', 'application/octet-stream'],
  ];
  it.each(cases)('%s → %s', (file, type) => expect(mimeTypeOf(file)).toBe(type));
});

describe("the runs folder shared with the desktop app (Electron's userData for 'netcanvas')", () => {
  const cases: { platform: NodeJS.Platform; env: Record<string, string>; dir: string }[] = [
    { platform: 'linux', env: { HOME: '/home/ada' }, dir: '/home/ada/.config/netcanvas/runs' },
    { platform: 'linux', env: { HOME: '/home/ada', XDG_CONFIG_HOME: '/cfg' }, dir: '/cfg/netcanvas/runs' },
    { platform: 'linux', env: { HOME: '/home/ada', XDG_CONFIG_HOME: 'relative' }, dir: '/home/ada/.config/netcanvas/runs' },
    { platform: 'darwin', env: { HOME: '/Users/ada' }, dir: '/Users/ada/Library/Application Support/netcanvas/runs' },
    { platform: 'win32', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, dir: 'C:\\Users\\ada\\AppData\\Roaming\\netcanvas\\runs' },
    { platform: 'win32', env: { USERPROFILE: 'C:\\Users\\ada' }, dir: 'C:\\Users\\ada\\AppData\\Roaming\\netcanvas\\runs' },
  ];
  it.each(cases)('$platform $env → $dir', ({ platform, env, dir }) => expect(defaultRunsDir(env, platform)).toBe(dir));
});
