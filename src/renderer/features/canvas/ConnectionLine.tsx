import { getBezierPath, type ConnectionLineComponentProps } from '@xyflow/react';
import { useMemo } from 'react';
import { checkConnection } from '../../editor/connection';
import { documentStore } from '../../state/documentStore';
import { connectionEnd, type CanvasFlowNode } from './groupFlowNodes';

/**
 * The line drawn while a connection is dragged. Over a handle that refuses it, the line
 * turns red and the reason is written beside the pointer, where the person is looking.
 */
export function ConnectionLine(props: ConnectionLineComponentProps<CanvasFlowNode>) {
  const { fromX, fromY, toX, toY, fromPosition, toPosition, connectionStatus, fromNode, fromHandle, toNode } = props;
  const [path] = getBezierPath({ sourceX: fromX, sourceY: fromY, sourcePosition: fromPosition, targetX: toX, targetY: toY, targetPosition: toPosition });
  const over = connectionStatus === 'invalid' ? (toNode?.id ?? null) : null;
  const reason = useMemo(() => {
    if (!over) return null;
    const [source, target] = fromHandle.type === 'target' ? [over, fromNode.id] : [fromNode.id, over];
    const doc = documentStore.getState().doc;
    const verdict = checkConnection(doc, connectionEnd(doc, source, 'source'), connectionEnd(doc, target, 'target'));
    return verdict.ok ? null : verdict.reason;
  }, [over, fromNode.id, fromHandle.type]);
  return (
    <g>
      <path d={path} fill="none" className={`react-flow__connection-path${reason ? ' connection-line--refused' : ''}`} style={props.connectionLineStyle} />
      {reason && (
        <foreignObject x={toX + 14} y={toY + 10} width={300} height={140} className="connection-reason__box">
          <div className="connection-reason" data-testid="connection-reason" role="status">
            {reason}
          </div>
        </foreignObject>
      )}
    </g>
  );
}
