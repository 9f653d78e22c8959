import { useCallback, useEffect, useRef, useState, type PointerEvent } from 'react';
import { preprocessDigit } from '../../../../core/digits/preprocess';
import { paintStroke, paintStrokes, type Stroke } from './strokes';

/** The pad's drawing surface, in canvas pixels (10× MNIST's 28). */
export const PAD_SIZE = 280;
/** How long the pad waits after the last change before it reads the digit again. */
export const PAD_DEBOUNCE_MS = 120;

/**
 * A canvas to draw a digit on with a mouse, a pen or a finger (pointer events), with brush
 * size, undo of the last stroke and clear. Shortly after each change it reports the digit as
 * the model sees it: 784 values from preprocessDigit, or null when the pad is empty.
 */
export function DigitPad({ onDigit }: { readonly onDigit: (pixels: Float32Array | null) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const drawing = useRef<{ pointerId: number; points: { x: number; y: number }[] } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [brush, setBrush] = useState(20);
  const [count, setCount] = useState(0);
  const report = useRef(onDigit);
  report.current = onDigit;

  const context = () => canvas.current?.getContext('2d', { willReadFrequently: true }) ?? null;

  const readSoon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const ctx = context();
      if (!ctx) return;
      const hasStrokes = strokes.current.length > 0 || drawing.current !== null;
      const image = ctx.getImageData(0, 0, PAD_SIZE, PAD_SIZE);
      report.current(hasStrokes ? preprocessDigit(image.data, image.width, image.height, { background: 'light' }) : null);
    }, PAD_DEBOUNCE_MS);
  }, []);

  const repaint = useCallback(() => {
    const ctx = context();
    if (ctx) paintStrokes(ctx, strokes.current);
    setCount(strokes.current.length);
    readSoon();
  }, [readSoon]);

  useEffect(() => {
    repaint();
    return () => clearTimeout(timer.current);
  }, [repaint]);

  const at = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return { x: ((event.clientX - box.left) / box.width) * PAD_SIZE, y: ((event.clientY - box.top) / box.height) * PAD_SIZE };
  };

  const down = (event: PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = { pointerId: event.pointerId, points: [at(event)] };
    const ctx = context();
    if (ctx) paintStroke(ctx, { size: brush, points: drawing.current.points }, 0);
    readSoon();
  };

  const move = (event: PointerEvent<HTMLCanvasElement>) => {
    const stroke = drawing.current;
    if (!stroke || stroke.pointerId !== event.pointerId) return;
    const from = stroke.points.length;
    const events = event.nativeEvent.getCoalescedEvents?.() ?? [];
    if (events.length > 0) {
      const box = event.currentTarget.getBoundingClientRect();
      for (const e of events) stroke.points.push({ x: ((e.clientX - box.left) / box.width) * PAD_SIZE, y: ((e.clientY - box.top) / box.height) * PAD_SIZE });
    } else stroke.points.push(at(event));
    const ctx = context();
    if (ctx) paintStroke(ctx, { size: brush, points: stroke.points }, from);
    readSoon();
  };

  const up = (event: PointerEvent<HTMLCanvasElement>) => {
    const stroke = drawing.current;
    if (!stroke || stroke.pointerId !== event.pointerId) return;
    drawing.current = null;
    strokes.current = [...strokes.current, { size: brush, points: stroke.points }];
    repaint();
  };

  const undo = () => {
    strokes.current = strokes.current.slice(0, -1);
    repaint();
  };

  const clear = () => {
    strokes.current = [];
    repaint();
  };

  return (
    <div className="digit-pad">
      <canvas
        ref={canvas}
        className="digit-pad__canvas"
        width={PAD_SIZE}
        height={PAD_SIZE}
        data-testid="pad-canvas"
        aria-label="Draw a digit here"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <div className="digit-pad__tools">
        <label className="digit-pad__brush">
          Brush
          <input type="range" min={6} max={40} value={brush} onChange={(e) => setBrush(Number(e.target.value))} data-testid="pad-brush" />
          <span className="mono">{brush}px</span>
        </label>
        <button type="button" className="button" onClick={undo} disabled={count === 0} data-testid="pad-undo">
          Undo stroke
        </button>
        <button type="button" className="button" onClick={clear} disabled={count === 0} data-testid="pad-clear">
          Clear
        </button>
      </div>
    </div>
  );
}
