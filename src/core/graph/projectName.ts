/**
 * A project's name as a file name: what Save As accepts, and what Save and Download call the
 * file. One rule for the desktop and the browser: characters no common file system takes
 * (`/ \ : * ? " < > |` and control characters) are refused when typed and replaced in a name
 * that already has them.
 */

/** The project file extension NetCanvas saves. */
export const PROJECT_EXTENSION = '.netcanvas.json';
/** The longest name, so that the file name (with its extension) stays within 200 characters. */
export const MAX_PROJECT_NAME = 200 - PROJECT_EXTENSION.length;

const RESERVED = new Set(['/', '\\', ':', '*', '?', '"', '<', '>', '|']);
const isControl = (c: string): boolean => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127;
/** A character no common file system takes in a name. */
const forbidden = (c: string): boolean => RESERVED.has(c) || isControl(c);

/** The name without surrounding spaces or a typed extension (`Book CNN.netcanvas.json`, `Book CNN.json` → `Book CNN`). */
export function bareProjectName(typed: string): string {
  const trimmed = typed.trim();
  const lower = trimmed.toLowerCase();
  for (const ext of [PROJECT_EXTENSION, '.json']) if (lower.endsWith(ext)) return trimmed.slice(0, -ext.length).trim();
  return trimmed;
}

/** Why `typed` cannot name a project file, as a sentence; null when it can. */
export function projectNameProblem(typed: string): string | null {
  const name = bareProjectName(typed);
  if (name === '') return 'Type a name for the project';
  if (name.length > MAX_PROJECT_NAME) return `The name is ${name.length} characters long; at most ${MAX_PROJECT_NAME} fit in a file name`;
  const bad = [...name].find(forbidden);
  if (bad !== undefined) return `A file name cannot hold ${isControl(bad) ? 'control characters' : `'${bad}'`} (nor any of / \\ : * ? " < > |)`;
  if (/^\.+$/.test(name)) return `'${name}' is not a file name`;
  if (name.endsWith('.')) return 'A file name cannot end with a dot';
  return null;
}

/** The file a project named `name` is saved as: `Book CNN` → `Book CNN.netcanvas.json`. Characters a file name cannot hold become `-`; an empty name is `Untitled`. */
export function projectFileName(name: string): string {
  const replaced = [...bareProjectName(name)].map((c) => (forbidden(c) ? '-' : c)).join('');
  const bare = replaced.replace(/\.+$/, '').slice(0, MAX_PROJECT_NAME).trim();
  return `${bare || 'Untitled'}${PROJECT_EXTENSION}`;
}
