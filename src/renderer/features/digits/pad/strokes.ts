/** A point on the pad, in the canvas's own pixels. */
export interface PadPoint {
  readonly x: number;
  readonly y: number;
}

/** One stroke of the brush: its width and the points it went through. Plain data, so undo is dropping the last one. */
export interface Stroke {
  readonly size: number;
  readonly points: readonly PadPoint[];
}

/** Paints strokes as dark ink on light paper, the way the pad shows them. */
export function paintStrokes(context: CanvasRenderingContext2D, strokes: readonly Stroke[]): void {
  const { width, height } = context.canvas;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  for (const stroke of strokes) paintStroke(context, stroke, 0);
}

/** Paints a stroke from point `from` on (a whole stroke from 0, the newest segment while drawing). */
export function paintStroke(context: CanvasRenderingContext2D, stroke: Stroke, from: number): void {
  const { points, size } = stroke;
  context.strokeStyle = context.fillStyle = '#111111';
  context.lineWidth = size;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  if (points.length === 1) {
    context.beginPath();
    context.arc(points[0].x, points[0].y, size / 2, 0, Math.PI * 2);
    context.fill();
    return;
  }
  context.beginPath();
  const start = points[Math.max(0, from - 1)];
  context.moveTo(start.x, start.y);
  for (let i = Math.max(1, from); i < points.length; i++) context.lineTo(points[i].x, points[i].y);
  context.stroke();
}
