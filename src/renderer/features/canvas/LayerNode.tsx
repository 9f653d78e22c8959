import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { layerSpec } from '../../../core/layers/catalogue';
import { GroupIcon } from '../../ui/icons';
import type { LayerFlowNode } from './flowElements';
import { paramsText, shapeText } from './format';

function caption(kind: string, config: Record<string, unknown> | null): string {
  const spec = layerSpec(kind);
  if (!spec || !config) return '';
  try {
    return spec.caption(config);
  } catch {
    return '';
  }
}

/**
 * One layer on the canvas: its kind, key settings, output shape and parameter count.
 * Memoized: React Flow redraws it only when its data (kept while the layer and its analysis
 * are unchanged, see `flowNodes`), its selection or its position changes.
 */
function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const { kind, label, analysis, problems, isOutput } = data;
  const spec = layerSpec(kind);
  const errors = problems.filter((p) => p.severity === 'error');
  const tone = errors.length > 0 ? 'invalid' : problems.length > 0 ? 'warned' : '';
  const text = caption(kind, analysis?.config ?? null);
  return (
    <div
      className={['layer-node', `group-${spec?.group ?? 'core'}`, tone, selected ? 'selected' : ''].filter(Boolean).join(' ')}
      data-testid={`node-${id}`}
      data-kind={kind}
      title={problems.map((p) => p.message).join('\n') || spec?.description}
    >
      {spec?.arity !== 'none' && <Handle type="target" position={Position.Top} id="in" data-testid={`handle-in-${id}`} />}
      <div className="layer-node__head">
        <GroupIcon group={spec?.group ?? 'core'} />
        <span className="layer-node__kind">{kind}</span>
        <span className="layer-node__name">{label ?? id}</span>
      </div>
      {text && <div className="layer-node__caption">{text}</div>}
      <div className="layer-node__foot">
        <span className="layer-node__shape" data-testid="node-shape">
          {shapeText(analysis)}
        </span>
        <span className="layer-node__params" data-testid="node-params">
          {paramsText(analysis)}
        </span>
      </div>
      {isOutput && <span className="layer-node__badge">output</span>}
      {errors.length > 0 && (
        <span className="layer-node__alert" aria-label={`${errors.length} problem${errors.length === 1 ? '' : 's'}`}>
          !
        </span>
      )}
      <Handle type="source" position={Position.Bottom} id="out" data-testid={`handle-out-${id}`} />
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
