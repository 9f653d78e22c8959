import { BRIDGE_GLOBAL, type NetCanvasBridge } from '../../core/api/bridge';
import { createElectronPlatform } from './electronPlatform';
import type { Platform } from './platform';
import { createWebPlatform } from './webPlatform';

export type { Platform, ProjectFile } from './platform';

/** The preload's bridge, when this page runs in the NetCanvas desktop app. */
function bridgeIn(scope: object): NetCanvasBridge | null {
  const bridge = (scope as Record<string, unknown>)[BRIDGE_GLOBAL];
  return typeof bridge === 'object' && bridge !== null && typeof (bridge as NetCanvasBridge).call === 'function' ? (bridge as NetCanvasBridge) : null;
}

/** Where this page runs: in Electron (the preload exposed `window.netcanvas`) or in a browser. */
export function detectPlatform(scope: object = globalThis): Platform['kind'] {
  return bridgeIn(scope) ? 'electron' : 'web';
}

/** The Platform for where this page runs. Call it once, at start-up. */
export function createPlatform(scope: object = globalThis): Platform {
  const bridge = bridgeIn(scope);
  return bridge ? createElectronPlatform(bridge) : createWebPlatform();
}
