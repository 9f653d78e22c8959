import { runCli } from './main';
import { messageOf } from '../core/messageOf';

/** The `netcanvas` executable. */
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
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
