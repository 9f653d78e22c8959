import type { GraphDocument, GraphNode } from '../../../core/graph/document';
import { layerSpec } from '../../../core/layers/catalogue';
import { defaultConfig } from '../../../core/layers/spec';
import { formatShape } from '../../../core/shapes/shape';
import { formatCount } from '../../../core/summary/summary';
import { setField, setLabel } from '../../editor/edits';
import { analysisOf, documentStore, useDocumentStore } from '../../state/documentStore';
import { groupSelected } from '../../../core/graph/groups';
import type { AppCommands } from '../../app/commands';
import { GroupIcon } from '../../ui/icons';
import { GroupPanel } from './GroupPanel';
import { ConnectTo } from './ConnectTo';
import { FieldControl } from './fields/FieldControl';

const nodeOf = (doc: GraphDocument, id: string | null): GraphNode | undefined => (id === null ? undefined : doc.nodes.find((n) => n.id === id));

/**
 * Edits the selected layer's settings with controls made from its FieldSpecs, re-validated by
 * the core as you type; a selected group (its block or frame) gets the group panel.
 */
export function Inspector({ commands }: { commands: AppCommands }) {
  // Narrow reads: moving layers (a drag) changes none of these, so the inspector does not redraw.
  const selection = useDocumentStore((s) => s.selection);
  const group = useDocumentStore((s) => groupSelected(s.doc, s.selection.nodes));
  const analysis = useDocumentStore((s) => analysisOf(s.doc));
  const only = selection.nodes.length === 1 ? selection.nodes[0] : null;
  const kind = useDocumentStore((s) => nodeOf(s.doc, only)?.kind);
  const label = useDocumentStore((s) => nodeOf(s.doc, only)?.label);
  const config = useDocumentStore((s) => nodeOf(s.doc, only)?.config);
  if (group) return <GroupPanel key={group.id} group={group} commands={commands} />;
  if (selection.nodes.length !== 1) {
    return (
      <div className="inspector inspector--empty" data-testid="inspector">
        <p className="muted">
          {selection.nodes.length === 0
            ? 'Select a layer to edit its settings.'
            : `${selection.nodes.length} layers selected. Delete, copy or move them together.`}
        </p>
      </div>
    );
  }
  const spec = kind === undefined ? undefined : layerSpec(kind);
  if (only === null || config === undefined || !spec) return <div className="inspector" data-testid="inspector" />;
  const node = { id: only, kind: spec.kind, label, config };
  const a = analysis.nodes.get(node.id);
  const defaults = defaultConfig(spec) as Record<string, unknown>;
  const errors = new Map<string, string>();
  for (const p of analysis.problems) {
    if (p.nodeId === node.id && p.field && !errors.has(p.field)) errors.set(p.field, p.detail);
  }
  const store = documentStore.getState();
  const params = a?.params ? a.params.trainable + a.params.nonTrainable : null;
  return (
    <div className="inspector" data-testid="inspector">
      <header className="inspector__head">
        <GroupIcon group={spec.group} size={18} />
        <div>
          <h2>{node.kind}</h2>
          <p className="muted">{spec.description}</p>
        </div>
      </header>
      <div className="field">
        <label htmlFor="field-label">Name</label>
        <input
          id="field-label"
          data-testid="field-label"
          value={node.label ?? ''}
          placeholder={node.id}
          onFocus={store.beginTransaction}
          onBlur={store.endTransaction}
          onChange={(e) => store.change((d) => setLabel(d, node.id, e.target.value), 'record')}
        />
      </div>
      {spec.fields.map((field) => (
        <FieldControl
          key={`${node.id}:${field.name}`}
          field={field}
          value={node.config[field.name] ?? defaults[field.name]}
          error={errors.get(field.name)}
          onChange={(value) => documentStore.getState().change((d) => setField(d, node.id, field.name, value), 'record')}
          onEditStart={store.beginTransaction}
          onEditEnd={store.endTransaction}
        />
      ))}
      <ConnectTo key={`connect:${node.id}`} nodeId={node.id} />
      <dl className="inspector__facts">
        <dt>Input</dt>
        <dd>{a?.inputShapes.length ? a.inputShapes.map(formatShape).join(', ') : '—'}</dd>
        <dt>Output</dt>
        <dd data-testid="inspector-output">{a?.outputShape ? formatShape(a.outputShape) : '?'}</dd>
        <dt>Parameters</dt>
        <dd>{params === null ? '?' : formatCount(params)}</dd>
        <dt>Multiply-adds</dt>
        <dd>{a ? formatCount(a.macs) : '?'}</dd>
      </dl>
    </div>
  );
}
