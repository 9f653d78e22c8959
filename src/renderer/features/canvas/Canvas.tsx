import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { SCREEN_ASPECT } from '../../../core/graph/layout';
import { formatShapeCompact } from '../../../core/shapes/shape';
import { layerSpec } from '../../../core/layers/catalogue';
import { spliceIntoEdge } from '../../editor/chain';
import { checkConnection } from '../../editor/connection';
import { addNode, connect, moveNodes, type Point } from '../../editor/edits';
import { analysisOf, documentStore, useDocumentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { flowEdges, flowNodes, type LayerFlowNode, type Measured, type ShapeFlowEdge } from './flowElements';
import { ConnectionLine } from './ConnectionLine';
import { connectionEnd, memberChanges, withGroupEdges, withGroupNodes, type CanvasFlowNode } from './groupFlowNodes';
import { GroupFrame, GroupNode } from './GroupNode';
import { LayerNode } from './LayerNode';
import { ShapeEdge } from './ShapeEdge';
import { NODE_HEIGHT, NODE_WIDTH } from './flowElements';
import { attachViewport, graphBounds, MINIMAP_SIZE, minimapStroke, minZoomFor } from './viewport';

/** The drag-and-drop type the palette puts a layer kind under. */
export const LAYER_DRAG_TYPE = 'application/x-netcanvas-layer';

const nodeTypes = { layer: LayerNode, layerGroup: GroupNode, groupFrame: GroupFrame };
const edgeTypes = { shape: ShapeEdge };
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };
/** React Flow's fit padding, here and in `minZoomFor`. */
const FIT_PADDING = 0.2;
/**
 * From this many nodes the canvas draws only the nodes and edges in view: every node drawn
 * costs the browser at each frame of a drag (its layers and paint), on screen or not.
 */
const VISIBLE_ONLY_FROM = 100;

/** A layer's colour in the minimap: its kind's group's; a collapsed block or a frame the accent. */
function minimapColor(node: CanvasFlowNode): string {
  if (node.type !== 'layer') return 'var(--accent)';
  return `var(--g-${layerSpec((node as LayerFlowNode).data.kind)?.group ?? 'core'})`;
}

/** The canvas element's size, kept current by a resize observer. */
function usePaneSize(): { ref: (element: HTMLDivElement | null) => void; size: { width: number; height: number } } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  const ref = useCallback((element: HTMLDivElement | null) => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setSize({ width: entry.contentRect.width, height: entry.contentRect.height }));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, size };
}

/** The edge drawn under a screen point (its wide, invisible hit path counts), if any. */
function edgeAt(x: number, y: number): string | null {
  for (const element of document.elementsFromPoint(x, y)) {
    const edge = element.closest('.react-flow__edge');
    if (edge) return edge.getAttribute('data-id');
    if (element.closest('.react-flow__node')) return null;
  }
  return null;
}

/** The graph editor: the document's nodes and edges on a React Flow canvas. */
export function Canvas() {
  const doc = useDocumentStore((s) => s.doc);
  const selection = useDocumentStore((s) => s.selection);
  const analysis = analysisOf(doc);
  const [measured, setMeasured] = useState<Measured>(new Map());
  const flow = useReactFlow<CanvasFlowNode, ShapeFlowEdge>();
  const pane = usePaneSize();
  // A graph too large to fit at the usual least zoom lowers it, so it opens fitted; the
  // minimap draws every node, in its group's colour, at least 2 pixels thick.
  const bounds = useMemo(() => graphBounds(doc.nodes.map((n) => n.position), { width: NODE_WIDTH, height: NODE_HEIGHT }), [doc.nodes]);
  const minZoom = minZoomFor(bounds, pane.size, FIT_PADDING);
  const minimapStrokeWidth = minimapStroke(bounds);
  const setStatus = useUi((s) => s.setStatus);
  const toast = useUi((s) => s.toast);

  // Each render starts from the last one's elements, so unchanged nodes and edges stay the
  // same objects; groups (collapsed blocks, frames) are laid over them.
  const lastNodes = useRef<LayerFlowNode[]>([]);
  const lastEdges = useRef<ShapeFlowEdge[]>([]);
  const nodes = useMemo(
    () => withGroupNodes((lastNodes.current = flowNodes(doc, analysis, selection, measured, lastNodes.current)), doc, analysis, selection, measured),
    [doc, analysis, selection, measured],
  );
  const edges = useMemo(
    () =>
      withGroupEdges(
        (lastEdges.current = flowEdges(
          doc,
          analysis,
          selection,
          (id) => {
            const shape = analysis.nodes.get(id)?.outputShape;
            return shape ? formatShapeCompact(shape) : null;
          },
          lastEdges.current,
        )),
        doc,
      ),
    [doc, analysis, selection],
  );

  useEffect(
    () =>
      attachViewport({
        // Hidden nodes are those not drawn because they are out of view: they count by their initial size.
        fit: (options) => void flow.fitView({ padding: FIT_PADDING, duration: options?.animate === false ? 0 : 200, maxZoom: 1.2, includeHiddenNodes: true }),
        focus(nodeId) {
          const node = documentStore.getState().doc.nodes.find((n) => n.id === nodeId);
          if (node) void flow.setCenter(node.position.x + NODE_WIDTH / 2, node.position.y + 40, { zoom: Math.max(flow.getZoom(), 0.9), duration: 250 });
        },
        center() {
          const pane = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
          if (!pane) return { x: 0, y: 0 };
          const p = flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
          return { x: p.x - NODE_WIDTH / 2, y: p.y - 40 };
        },
        aspect() {
          const pane = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
          return pane && pane.width > 0 && pane.height > 0 ? pane.width / pane.height : SCREEN_ASPECT;
        },
      }),
    [flow],
  );

  const onNodesChange = useCallback((flowChanges: NodeChange<CanvasFlowNode>[]) => {
    const store = documentStore.getState();
    const changes = memberChanges(flowChanges, store.doc);
    const positions = new Map<string, Point>();
    let selected: Set<string> | null = null;
    let sizes: Map<string, { width: number; height: number }> | null = null;
    for (const change of changes) {
      if (change.type === 'position' && change.position) {
        positions.set(change.id, { x: Math.round(change.position.x), y: Math.round(change.position.y) });
      } else if (change.type === 'select') {
        selected ??= new Set(store.selection.nodes);
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      } else if (change.type === 'dimensions' && change.dimensions) {
        sizes ??= new Map();
        sizes.set(change.id, change.dimensions);
      }
    }
    if (positions.size > 0) store.change((d) => moveNodes(d, positions), 'skip');
    if (selected) store.select({ nodes: [...selected], edges: documentStore.getState().selection.edges });
    if (sizes) {
      const next = sizes;
      setMeasured((old) => new Map([...old, ...next]));
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<ShapeFlowEdge>[]) => {
    const store = documentStore.getState();
    let selected: Set<string> | null = null;
    for (const change of changes) {
      if (change.type === 'select') {
        selected ??= new Set(store.selection.edges);
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      }
    }
    if (selected) store.select({ nodes: documentStore.getState().selection.nodes, edges: [...selected] });
  }, []);

  const isValidConnection: IsValidConnection = useCallback(
    (connection) => {
      const doc = documentStore.getState().doc;
      const [source, target] = [connectionEnd(doc, connection.source, 'source'), connectionEnd(doc, connection.target, 'target')];
      const verdict = checkConnection(doc, source, target);
      setStatus(verdict.ok ? { tone: 'info', message: `Connect ${source} → ${target}` } : { tone: 'error', message: verdict.reason });
      return verdict.ok;
    },
    [setStatus],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const store = documentStore.getState();
      const [source, target] = [connectionEnd(store.doc, connection.source, 'source'), connectionEnd(store.doc, connection.target, 'target')];
      const verdict = checkConnection(store.doc, source, target);
      if (!verdict.ok) {
        toast('error', verdict.reason);
        return;
      }
      if (!source || !target) return;
      store.change((d) => connect(d, source, target), 'record');
      setStatus({ tone: 'info', message: `Connected ${source} → ${target}` });
    },
    [toast, setStatus],
  );

  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.toHandle && !state.isValid && state.fromNode) {
        const source = state.fromHandle?.type === 'target' ? state.toNode?.id : state.fromNode.id;
        const target = state.fromHandle?.type === 'target' ? state.fromNode.id : state.toNode?.id;
        const doc = documentStore.getState().doc;
        const verdict = checkConnection(doc, connectionEnd(doc, source, 'source'), connectionEnd(doc, target, 'target'));
        if (!verdict.ok) {
          toast('error', verdict.reason);
          setStatus({ tone: 'error', message: verdict.reason });
        }
      }
    },
    [toast, setStatus],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(LAYER_DRAG_TYPE)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(LAYER_DRAG_TYPE);
      if (!kind || !layerSpec(kind)) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const position = { x: at.x - NODE_WIDTH / 2, y: at.y - 30 };
      const store = documentStore.getState();
      const edgeId = edgeAt(event.clientX, event.clientY);
      if (edgeId && store.doc.edges.some((e) => e.id === edgeId)) {
        const spliced = spliceIntoEdge(store.doc, edgeId, kind, position);
        store.change(() => spliced.doc, 'record', { nodes: [spliced.id], edges: [] });
        setStatus(spliced.refused === null ? { tone: 'info', message: `Spliced ${spliced.id} into the edge` } : { tone: 'info', message: `Added ${spliced.id} unconnected: ${spliced.refused}` });
        return;
      }
      const added = addNode(store.doc, kind, position);
      store.change(() => added.doc, 'record', { nodes: [added.id], edges: [] });
    },
    [flow, setStatus],
  );

  const store = documentStore.getState();
  return (
    <div className="canvas" data-testid="canvas" ref={pane.ref} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<CanvasFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={store.beginTransaction}
        onNodeDragStop={store.endTransaction}
        onSelectionDragStart={store.beginTransaction}
        onSelectionDragStop={store.endTransaction}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        connectionLineComponent={ConnectionLine}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Control', 'Meta']}
        colorMode="dark"
        onInit={(instance) => {
          if (documentStore.getState().doc.nodes.length > 0) void instance.fitView({ padding: FIT_PADDING, maxZoom: 1.2, includeHiddenNodes: true });
        }}
        defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        minZoom={minZoom}
        onlyRenderVisibleElements={doc.nodes.length >= VISIBLE_ONLY_FROM}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={22} size={1.2} />
        <Controls showInteractive={false} position="bottom-left" />
        <MiniMap
          pannable
          zoomable
          position="bottom-right"
          nodeColor={minimapColor}
          nodeStrokeColor={minimapColor}
          nodeStrokeWidth={minimapStrokeWidth}
          className="minimap"
          style={MINIMAP_SIZE}
        />
      </ReactFlow>
      {doc.nodes.length === 0 && (
        <div className="canvas__empty">
          <h2>Start with a layer</h2>
          <p>Drag an Input from the palette onto the canvas, then add layers and connect them from the bottom handle to the top one. Or open a template.</p>
        </div>
      )}
    </div>
  );
}
