import type { CommandId } from '../../core/commands/definitions';
import type { GraphGroup } from '../../core/graph/document';
import { groupNodes, groupsTouching, renameGroup, toggleCollapsed, ungroup, type GroupEdit } from '../../core/graph/groups';
import type { EditorContext } from './editorCommands';
import type { CommandHandler } from './registry';

/**
 * What the group commands do. Each edit is one undo step of the document's history; a
 * refusal (nothing selected, a selection that is not one run) is said in the status bar.
 */

/** The one group the selection is in (a collapsed group selects all its members), or why there is none. */
export function selectedGroup(c: EditorContext): GraphGroup | string {
  const touching = groupsTouching(c.document.doc, c.document.selection.nodes);
  if (touching.length === 1) return touching[0];
  if (touching.length === 0) return 'Select a group, or a layer in one, first';
  return `The selection touches ${touching.length} groups (${touching.map((g) => `“${g.name}”`).join(', ')}); select one of them`;
}

function onGroup(act: (c: EditorContext, group: GraphGroup) => void): CommandHandler<EditorContext> {
  return {
    run(c) {
      const group = selectedGroup(c);
      if (typeof group === 'string') c.say('error', group);
      else act(c, group);
    },
  };
}

function apply(c: EditorContext, result: GroupEdit, done: string): void {
  if (!result.ok) {
    c.say('error', result.reason);
    return;
  }
  c.document.change(() => result.doc, 'record');
  c.say('info', done);
}

export const GROUP_HANDLERS = {
  'edit.group': {
    run(c) {
      const { doc, selection } = c.document;
      const result = groupNodes(doc, selection.nodes);
      if (!result.ok) {
        c.say('error', `Cannot group: ${result.reason}`);
        return;
      }
      c.document.change(() => result.doc, 'record');
      const group = result.doc.groups!.find((g) => g.id === result.id)!;
      c.say('info', `Grouped ${group.nodes.length} layer${group.nodes.length === 1 ? '' : 's'} as “${group.name}” (F2 renames it, Ctrl+E expands it)`);
    },
  },
  'edit.ungroup': onGroup((c, g) => apply(c, ungroup(c.document.doc, g.id), `Ungrouped “${g.name}”`)),
  'edit.toggleGroup': onGroup((c, g) => apply(c, toggleCollapsed(c.document.doc, g.id), `${g.collapsed ? 'Expanded' : 'Collapsed'} “${g.name}”`)),
  'edit.renameGroup': onGroup((c, g) => c.renameGroup(g.id)),
  'edit.saveBlock': onGroup((c, g) => c.saveBlock(g.id)),
} satisfies Partial<Record<CommandId, CommandHandler<EditorContext>>>;

/** Renames a group as one undo step; returns the refusal, or null when the name was taken. */
export function renameGroupInDocument(c: Pick<EditorContext, 'document'>, groupId: string, name: string): string | null {
  const result = renameGroup(c.document.doc, groupId, name);
  if (!result.ok) return result.reason;
  c.document.change(() => result.doc, 'record');
  return null;
}
