import path from 'node:path';
import { HostError, startHost } from '../../host';
import { defaultRunsDir } from '../../node/userDataDir';
import { CliError, parseArgs, UsageError } from '../args';
import type { Command } from './command';

/** The port `netcanvas web` listens on unless `--port` says otherwise. */
export const DEFAULT_WEB_PORT = 8377;

const FLAGS = {
  port: { type: 'int', min: 0, max: 65535, help: `TCP port (default ${DEFAULT_WEB_PORT}; 0 picks a free one)` },
  host: { type: 'string', help: 'address to listen on (default 127.0.0.1; any other needs the printed token)' },
  data: { type: 'string', help: "folder with MNIST's IDX files (default: NETCANVAS_DATA, the cache, or a download)" },
  runs: { type: 'string', help: "folder for trained runs (default: the desktop app's)" },
  renderer: { type: 'string', help: 'the built page (default out/renderer)' },
} as const;

export const webCommand: Command = {
  name: 'web',
  usage: 'netcanvas web [--port N] [--host ADDR] [--data DIR] [--runs DIR] [--renderer DIR]',
  summary: 'Serve the NetCanvas app to a browser, with the engine (and its GPU) on this machine.',
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    if (positional.length > 0) throw new UsageError(`unexpected argument '${positional[0]}'`);
    const resolve = (dir: string | undefined) => (dir === undefined ? undefined : path.resolve(io.cwd, dir));
    let host;
    try {
      host = await startHost({
        port: flags.port ?? DEFAULT_WEB_PORT,
        host: flags.host,
        dataDir: resolve(flags.data),
        runsDir: resolve(flags.runs) ?? defaultRunsDir(io.env),
        rendererDir: resolve(flags.renderer),
        env: io.env,
      });
    } catch (error) {
      if (error instanceof HostError) throw new CliError(error.message);
      throw error;
    }
    io.stdout(`NetCanvas is running at ${host.url}\n`);
    if (host.token !== null) {
      io.stdout(`It listens on ${host.host}: anyone who can reach this port and has the address above (with its token) can train on this machine.\n`);
    }
    io.stdout('Press Ctrl+C to stop.\n');
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await host.close();
    io.stdout('NetCanvas stopped.\n');
    return 0;
  },
};
