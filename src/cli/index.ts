import { runCli } from './main';
import { messageOf } from '../core/messageOf';

/**
 * Writes to a standard stream until its reader goes away (`netcanvas summary FILE | head -1`):
 * then EPIPE stops the writing quietly, not with a stack trace, and the command finishes
 * with its own exit code.
 */
function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** The `netcanvas` executable. */
runCli(process.argv.slice(2), {
  stdout: writer(process.stdout),
  stderr: writer(process.stderr),
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`netcanvas: ${messageOf(error)}\n`);
    process.exitCode = 1;
  },
);
