/**
 * The Content-Security-Policy of the NetCanvas page, the same in Electron and in the
 * browser host. The page runs only its own scripts: no inline script, no eval, no
 * WebAssembly (tfjs runs in the engine, never in the page), no plugins, no frames.
 */
export interface CspOptions {
  /** Extra `connect-src` sources, e.g. the host's WebSocket origin `ws://127.0.0.1:8377`. */
  readonly connect?: readonly string[];
  /** The dev server's origin (hot reload needs its inline preamble and its socket); never in a build. */
  readonly devServer?: string;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServer;
  const devSocket = dev?.replace(/^http/, 'ws');
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'", dev] : ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(options.connect ?? []), ...(dev && devSocket ? [dev, devSocket] : [])],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
