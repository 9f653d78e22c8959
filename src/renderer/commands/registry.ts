import { formatShortcut, matchesShortcut, parseShortcut, shortcutId, type KeyPress, type Shortcut } from '../../core/commands/shortcut';

/** What an editor command does; its id, label, group and shortcuts are its `CommandDefinition`. */
export interface CommandHandler<C> {
  enabled?(context: C): boolean;
  run(context: C): void;
}

/** An editor command: its definition (`core/commands/definitions.ts`) and what it does. */
export interface Command<C> extends CommandHandler<C> {
  readonly id: string;
  readonly label: string;
  readonly group: string;
  readonly shortcuts?: readonly string[];
  /** Whether it still runs while the focus is in a text field (Save does; Delete does not). */
  readonly inTextFields?: boolean;
  /** Whether its shortcut works in every view, not only on the canvas (see CommandDefinition). */
  readonly everyView?: boolean;
  /** Where it exists when not everywhere (see CommandDefinition). */
  readonly only?: 'web' | 'electron';
}

/**
 * The registry of editor commands. Refuses a second command with the same id or the
 * same shortcut, so a key press always means exactly one thing.
 */
export class CommandRegistry<C> {
  private readonly commands = new Map<string, Command<C>>();
  private readonly bindings: { shortcut: Shortcut; command: Command<C> }[] = [];
  private readonly owners = new Map<string, string>();

  constructor(commands: readonly Command<C>[] = []) {
    for (const c of commands) this.register(c);
  }

  register(command: Command<C>): void {
    if (this.commands.has(command.id)) throw new Error(`A command with the id '${command.id}' is already registered`);
    const parsed = (command.shortcuts ?? []).map((text) => ({ text, shortcut: parseShortcut(text) }));
    for (const { text, shortcut } of parsed) {
      const owner = this.owners.get(shortcutId(shortcut));
      if (owner) throw new Error(`Shortcut ${text} of '${command.id}' is already taken by '${owner}'`);
    }
    this.commands.set(command.id, command);
    for (const { shortcut } of parsed) {
      this.owners.set(shortcutId(shortcut), command.id);
      this.bindings.push({ shortcut, command });
    }
  }

  get(id: string): Command<C> | undefined {
    return this.commands.get(id);
  }

  all(): Command<C>[] {
    return [...this.commands.values()];
  }

  /** A command's label with its first shortcut, as tooltips and buttons show it: `Save as… (Ctrl+Shift+S)`. */
  title(id: string): string {
    const shortcut = this.shortcutText(id);
    return `${this.commands.get(id)?.label ?? id}${shortcut ? ` (${shortcut})` : ''}`;
  }

  /** A command's first shortcut as this platform writes it (`Ctrl+E`), or null for none. */
  shortcutText(id: string): string | null {
    const shortcut = this.commands.get(id)?.shortcuts?.[0];
    return shortcut ? formatShortcut(shortcut) : null;
  }

  /** The command a key press means, if any. */
  match(press: KeyPress, inTextField = false): Command<C> | undefined {
    const hit = this.bindings.find((b) => matchesShortcut(b.shortcut, press));
    if (!hit || (inTextField && !hit.command.inTextFields)) return undefined;
    return hit.command;
  }

  /** Runs a command by id when it is enabled; returns whether it ran. */
  run(id: string, context: C): boolean {
    const command = this.commands.get(id);
    if (!command) throw new Error(`Unknown command '${id}'`);
    if (command.enabled && !command.enabled(context)) return false;
    command.run(context);
    return true;
  }
}
