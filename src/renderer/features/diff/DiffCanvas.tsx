import { Background, BackgroundVariant, Handle, MarkerType, Position, ReactFlow, ReactFlowProvider, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo } from 'react';
import { fieldChangeText, diffView, metricChanges, type DiffStatus, type DiffViewNode } from '../../../core/experiments/diffView';
import { analyseGraph, type NodeAnalysis } from '../../../core/graph/analyse';
import { layerSpec } from '../../../core/layers/catalogue';
import { GroupIcon } from '../../ui/icons';
import { NODE_HEIGHT, NODE_WIDTH } from '../canvas/flowElements';
import { paramsText, shapeText } from '../canvas/format';
import { useDiffMode, type DiffSide } from './diffStore';

interface DiffNodeData extends Record<string, unknown> {
  readonly node: DiffViewNode;
  readonly analysis: NodeAnalysis | undefined;
}
type DiffFlowNode = Node<DiffNodeData, 'diffLayer'>;

const STATUS_WORD: Record<DiffStatus, string> = { added: 'added in B', removed: 'removed (A only)', changed: 'changed', same: 'unchanged' };

function caption(analysis: NodeAnalysis | undefined): string {
  if (!analysis?.spec || !analysis.config) return '';
  try {
    return analysis.spec.caption(analysis.config);
  } catch {
    return '';
  }
}

/** A layer in the diff: drawn as on the canvas, coloured by what happened to it, its changed fields written on it. */
function DiffLayerNodeView({ data }: NodeProps<DiffFlowNode>) {
  const { node, analysis } = data;
  const spec = layerSpec(node.kind);
  const text = caption(analysis);
  return (
    <div
      className={`layer-node diff-node diff-node--${node.status} group-${spec?.group ?? 'core'}`}
      data-testid={`diff-node-${node.id}`}
      data-status={node.status}
      title={`${node.label ?? node.id}: ${STATUS_WORD[node.status]}`}
    >
      {spec?.arity !== 'none' && <Handle type="target" position={Position.Top} id="in" isConnectable={false} />}
      <div className="layer-node__head">
        <GroupIcon group={spec?.group ?? 'core'} />
        <span className="layer-node__kind">{node.kind}</span>
        <span className="layer-node__name">{node.label ?? node.id}</span>
      </div>
      {text && <div className="layer-node__caption">{text}</div>}
      {node.changes.length > 0 && (
        <ul className="diff-node__changes" data-testid={`diff-changes-${node.id}`}>
          {node.changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      <div className="layer-node__foot">
        <span className="layer-node__shape">{shapeText(analysis)}</span>
        <span className="layer-node__params">{paramsText(analysis)}</span>
      </div>
      {node.status !== 'same' && <span className={`diff-node__badge diff-node__badge--${node.status}`}>{node.status}</span>}
      <Handle type="source" position={Position.Bottom} id="out" isConnectable={false} />
    </div>
  );
}

const nodeTypes = { diffLayer: memo(DiffLayerNodeView) };
const marker = { type: MarkerType.ArrowClosed, width: 16, height: 16 };

/** The diff's layers and connections as React Flow elements, with the analysis of the graph each comes from. */
function useDiffElements(a: DiffSide, b: DiffSide) {
  return useMemo(() => {
    const view = diffView(a.document, b.document, { width: NODE_WIDTH, height: NODE_HEIGHT });
    const analyses = { a: analyseGraph(a.document), b: analyseGraph(b.document) };
    const nodes: DiffFlowNode[] = view.nodes.map((n) => ({
      id: n.id,
      type: 'diffLayer',
      position: n.position,
      initialWidth: NODE_WIDTH,
      initialHeight: NODE_HEIGHT,
      data: { node: n, analysis: analyses[n.from].nodes.get(n.id) },
    }));
    const edges: Edge[] = view.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: 'out',
      target: e.target,
      targetHandle: 'in',
      className: `diff-edge diff-edge--${e.status}`,
      markerEnd: marker,
      data: { status: e.status },
    }));
    return { view, nodes, edges };
  }, [a, b]);
}

/**
 * The canvas's read-only diff mode: A's and B's layers in one picture (added green, removed
 * red at A's places, changed amber with `field: before → after`, the rest dimmed) under a
 * banner naming both and the change in metrics. Drawn over the editing canvas, which it
 * leaves as it was: Esc or the banner's button leave.
 */
export function DiffCanvas() {
  const sides = useDiffMode((s) => s.sides);
  if (!sides) return null;
  return <DiffPicture a={sides.a} b={sides.b} />;
}

function DiffPicture({ a, b }: { a: DiffSide; b: DiffSide }) {
  const close = useDiffMode((s) => s.close);
  const { view, nodes, edges } = useDiffElements(a, b);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);
  const { diff } = view;
  const count = (status: DiffStatus) => view.nodes.filter((n) => n.status === status).length;
  const metrics = metricChanges(a.outcome, b.outcome);
  const settings = [...diff.training.map((c) => `training.${fieldChangeText(c)}`), ...diff.dataset.map((c) => `dataset.${fieldChangeText(c)}`)];
  const rewired = diff.connectionsAdded.length + diff.connectionsRemoved.length;
  return (
    <div className="diff-mode" data-testid="diff-mode" role="region" aria-label="Architecture diff">
      <header className="diff-banner" data-testid="diff-banner">
        <div className="diff-banner__line">
          <strong>Diff</strong>
          <span data-testid="diff-side-a">
            <span className="diff-banner__side">A</span> {a.title}
          </span>
          <span aria-hidden>→</span>
          <span data-testid="diff-side-b">
            <span className="diff-banner__side">B</span> {b.title}
          </span>
          <span className="diff-banner__spacer" />
          <button type="button" className="button button--small" data-testid="diff-close" onClick={close} title="Back to the editing canvas (Esc)">
            Back to editing (Esc)
          </button>
        </div>
        <div className="diff-banner__line diff-legend" data-testid="diff-legend">
          <span className="diff-legend__item diff-legend__item--added">added {count('added')}</span>
          <span className="diff-legend__item diff-legend__item--removed">removed {count('removed')}</span>
          <span className="diff-legend__item diff-legend__item--changed">changed {count('changed')}</span>
          <span className="diff-legend__item diff-legend__item--same">unchanged {count('same')}</span>
          {rewired > 0 && (
            <span className="muted small">
              connections: +{diff.connectionsAdded.length} −{diff.connectionsRemoved.length}
            </span>
          )}
          {nodes.length > 0 && count('same') === nodes.length && rewired === 0 && <span className="muted small">The two graphs have the same layers and connections.</span>}
        </div>
        {(metrics.length > 0 || settings.length > 0) && (
          <div className="diff-banner__line small">
            {metrics.length > 0 && (
              <span data-testid="diff-metrics">{metrics.join(' · ')}</span>
            )}
            {settings.length > 0 && (
              <span className="muted" data-testid="diff-settings">
                {settings.join(' · ')}
              </span>
            )}
          </div>
        )}
      </header>
      <div className="diff-mode__canvas">
        <ReactFlowProvider>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            deleteKeyCode={null}
            fitView
            fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
            minZoom={0.05}
            maxZoom={2}
            colorMode="dark"
            proOptions={{ hideAttribution: true }}
          >
            <Background variant={BackgroundVariant.Dots} gap={22} size={1.2} />
          </ReactFlow>
        </ReactFlowProvider>
      </div>
    </div>
  );
}
