import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';

/** A TCP port that is free on localhost now (the one the system picks for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, 'localhost', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The arguments of `python3 -m torch.distributed.run` (torchrun) for `processes` ranks on this
 * machine, before the program: what `--standalone` sets (a c10d rendezvous on localhost with an id
 * of its own), but on a free port. `--standalone` always takes localhost:29400, so two test files
 * running torchrun at once (Vitest runs files in parallel) met at one rendezvous and waited for
 * each other until the timeout. Debian's torch 1.13 on Python 3.11 cannot parse torchrun's default
 * `--redirects 0` (an IntFlag change); 1 and `--tee 1` work alike, each rank's output under `logDir`.
 */
export async function torchrunArgs(processes: number, logDir: string): Promise<string[]> {
  const port = await freePort();
  return [
    '-m', 'torch.distributed.run', '--nnodes=1', `--nproc_per_node=${processes}`,
    '--rdzv_backend=c10d', `--rdzv_endpoint=localhost:${port}`, `--rdzv_id=${randomUUID()}`,
    '--redirects', '1', '--tee', '1', '--log_dir', logDir,
  ];
}
