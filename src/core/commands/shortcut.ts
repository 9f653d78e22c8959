/** The parts of a keyboard event a shortcut looks at. */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/**
 * A shortcut such as `Mod+Shift+Z`, `Delete` or `?`. `Mod` is Ctrl, or Cmd on a Mac
 * (either is accepted). A shortcut on a printed symbol (`?`) ignores Shift, which the
 * keyboard may need to type it.
 */
export interface Shortcut {
  readonly mod: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
  /** Lower case for letters; the key's name otherwise (`Delete`, `?`). */
  readonly key: string;
}

const MODIFIERS = new Set(['mod', 'shift', 'alt']);

export function parseShortcut(text: string): Shortcut {
  const parts = text.split('+');
  const key = parts.pop();
  if (!key) throw new Error(`Shortcut '${text}' names no key`);
  for (const p of parts) if (!MODIFIERS.has(p.toLowerCase())) throw new Error(`Shortcut '${text}': unknown modifier '${p}' (use Mod, Shift, Alt)`);
  const has = (m: string): boolean => parts.some((p) => p.toLowerCase() === m);
  return { mod: has('mod'), shift: has('shift'), alt: has('alt'), key: key.length === 1 ? key.toLowerCase() : key };
}

const isSymbol = (key: string): boolean => key.length === 1 && !/[a-z0-9]/i.test(key);

/** One canonical string per distinct shortcut, so two commands cannot share one. */
export function shortcutId(s: Shortcut): string {
  return [s.mod ? 'Mod' : '', s.shift && !isSymbol(s.key) ? 'Shift' : '', s.alt ? 'Alt' : '', s.key].filter(Boolean).join('+');
}

export function matchesShortcut(s: Shortcut, e: KeyPress): boolean {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (key !== s.key) return false;
  if ((e.ctrlKey || e.metaKey) !== s.mod) return false;
  if (e.altKey !== s.alt) return false;
  return isSymbol(s.key) || e.shiftKey === s.shift;
}

/** `Ctrl+Shift+Z`, or `⌘⇧Z` on a Mac. */
export function formatShortcut(text: string, mac = false): string {
  const s = parseShortcut(text);
  const key = s.key.length === 1 ? s.key.toUpperCase() : s.key === 'Delete' ? 'Del' : s.key;
  if (mac) return `${s.mod ? '⌘' : ''}${s.shift && !isSymbol(s.key) ? '⇧' : ''}${s.alt ? '⌥' : ''}${key}`;
  return [s.mod ? 'Ctrl' : '', s.shift && !isSymbol(s.key) ? 'Shift' : '', s.alt ? 'Alt' : '', key].filter(Boolean).join('+');
}

/** Named keys whose Electron accelerator name differs from the key's own name (KeyboardEvent.key). */
const ACCELERATOR_KEYS: ReadonlyMap<string, string> = new Map([
  [' ', 'Space'],
  ['+', 'Plus'],
  ['ArrowUp', 'Up'],
  ['ArrowDown', 'Down'],
  ['ArrowLeft', 'Left'],
  ['ArrowRight', 'Right'],
  ['Escape', 'Esc'],
]);
/** Named keys Electron accepts under the same name (https://www.electronjs.org/docs/latest/api/accelerator). */
const SAME_NAMED_KEYS = new Set(['Backspace', 'Delete', 'Insert', 'Enter', 'Tab', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * The Electron accelerator for a shortcut: `Mod+Shift+Z` → `CmdOrCtrl+Shift+Z`, `?` → `?`.
 * A printed symbol keeps no Shift, as `matchesShortcut` ignores it. Throws for a key Electron
 * has no name for.
 */
export function toElectronAccelerator(text: string): string {
  const s = parseShortcut(text);
  let key: string;
  if (/^[a-z0-9]$/.test(s.key)) key = s.key.toUpperCase();
  else if (/^F([1-9]|1[0-9]|2[0-4])$/.test(s.key) || SAME_NAMED_KEYS.has(s.key)) key = s.key;
  else if (ACCELERATOR_KEYS.has(s.key)) key = ACCELERATOR_KEYS.get(s.key)!;
  else if (isSymbol(s.key)) key = s.key;
  else throw new Error(`Shortcut '${text}': Electron has no accelerator for the key '${s.key}'`);
  return [s.mod ? 'CmdOrCtrl' : '', s.shift && !isSymbol(s.key) ? 'Shift' : '', s.alt ? 'Alt' : '', key].filter(Boolean).join('+');
}
