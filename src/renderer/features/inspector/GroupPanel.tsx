import { useState, type KeyboardEvent } from 'react';
import type { GraphGroup } from '../../../core/graph/document';
import { groupSummary } from '../../../core/graph/groups';
import { layerSpec } from '../../../core/layers/catalogue';
import { formatShape, type Shape } from '../../../core/shapes/shape';
import { formatCount } from '../../../core/summary/summary';
import type { AppCommands } from '../../app/commands';
import { renameGroupInDocument } from '../../commands/groupCommands';
import { analysisOf, documentStore, useDocumentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { GroupIcon } from '../../ui/icons';
import { viewport } from '../canvas/viewport';

const shapesText = (shapes: readonly (Shape | null)[]): string => (shapes.length === 0 ? '—' : shapes.map((s) => (s ? formatShape(s) : '?')).join(', '));

/** The group's name, renamed as F2 renames it on the canvas (the same edit, one undo step): Enter or leaving the field takes it, Escape keeps the old one. */
function GroupNameField({ group, commands }: { group: GraphGroup; commands: AppCommands }) {
  const [text, setText] = useState(group.name);
  const take = (): void => {
    if (text === group.name) return;
    const refused = renameGroupInDocument({ document: documentStore.getState() }, group.id, text);
    if (refused !== null) {
      useUi.getState().setStatus({ tone: 'error', message: refused });
      setText(group.name);
    }
  };
  const onKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') event.currentTarget.blur();
    if (event.key === 'Escape') {
      setText(group.name);
      event.currentTarget.blur();
    }
  };
  return (
    <div className="field">
      <label htmlFor="group-name">Name</label>
      <input id="group-name" data-testid="group-panel-name" value={text} title={commands.registry.title('edit.renameGroup')} onChange={(e) => setText(e.target.value)} onKeyDown={onKey} onBlur={take} />
    </div>
  );
}

/**
 * The inspector for a selected group (its block, or its frame): name, member layers (a click
 * shows one, expanding the group first when collapsed), summed parameters, the shapes in and
 * out, and its commands, run through the registry as their keys and menu items run them.
 */
export function GroupPanel({ group, commands }: { group: GraphGroup; commands: AppCommands }) {
  const doc = useDocumentStore((s) => s.doc);
  const analysis = useDocumentStore((s) => analysisOf(s.doc));
  const summary = groupSummary(doc, analysis, group);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const show = (nodeId: string): void => {
    if (group.collapsed) commands.run('edit.toggleGroup');
    documentStore.getState().select({ nodes: [nodeId], edges: [] });
    viewport.focus(nodeId);
  };
  const button = (id: string, testId: string) => {
    const keys = commands.registry.shortcutText(id);
    return (
      <button type="button" className="button" data-testid={testId} title={commands.registry.title(id)} onClick={() => commands.run(id)}>
        {commands.registry.get(id)!.label}
        {keys && <kbd>{keys}</kbd>}
      </button>
    );
  };
  return (
    <div className="inspector" data-testid="inspector">
      <div data-testid="group-panel">
        <header className="inspector__head">
          <GroupIcon group="core" size={18} />
          <div>
            <h2>Group</h2>
            <p className="muted">
              {summary.members} layer{summary.members === 1 ? '' : 's'}, {group.collapsed ? 'collapsed into one block' : 'expanded in a frame'}
            </p>
          </div>
        </header>
        <GroupNameField key={`${group.id}:${group.name}`} group={group} commands={commands} />
        <ol className="inspector__members" data-testid="group-panel-members">
          {group.nodes.map((id) => {
            const node = byId.get(id);
            const spec = node ? layerSpec(node.kind) : undefined;
            return (
              <li key={id}>
                <button type="button" className="inspector__member" data-testid={`group-member-${id}`} onClick={() => show(id)} title={group.collapsed ? 'Expand the group and select this layer' : 'Select this layer'}>
                  <GroupIcon group={spec?.group ?? 'core'} size={14} />
                  <span>{node?.kind ?? '?'}</span>
                  <span className="muted">{node?.label ?? id}</span>
                </button>
              </li>
            );
          })}
        </ol>
        <dl className="inspector__facts">
          <dt>Input</dt>
          <dd data-testid="group-panel-in">{shapesText(summary.inputShapes)}</dd>
          <dt>Output</dt>
          <dd data-testid="group-panel-out">{shapesText(summary.outputShapes)}</dd>
          <dt>Parameters</dt>
          <dd data-testid="group-panel-params">
            {formatCount(summary.params)}
            {summary.complete ? '' : '+ (some layers not yet known)'}
          </dd>
          <dt>Trainable</dt>
          <dd>{formatCount(summary.trainable)}</dd>
          <dt>Non-trainable</dt>
          <dd>{formatCount(summary.nonTrainable)}</dd>
        </dl>
        <div className="inspector__actions">
          {button('edit.toggleGroup', 'group-panel-toggle')}
          {button('edit.ungroup', 'group-panel-ungroup')}
          {button('edit.saveBlock', 'group-panel-save')}
        </div>
      </div>
    </div>
  );
}
