import type { NodeAnalysis } from '../../../core/graph/analyse';
import { formatShapeCompact } from '../../../core/shapes/shape';
import { formatCount } from '../../../core/summary/summary';

/** `26×26×64`, or `?` while the shape is unknown. */
export function shapeText(analysis: NodeAnalysis | undefined): string {
  return analysis?.outputShape ? formatShapeCompact(analysis.outputShape) : '?';
}

/** `640 params`, `no params`, or `?`. */
export function paramsText(analysis: NodeAnalysis | undefined): string {
  if (!analysis?.params) return '? params';
  const total = analysis.params.trainable + analysis.params.nonTrainable;
  return total === 0 ? 'no params' : `${formatCount(total)} params`;
}
