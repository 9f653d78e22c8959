import type { EpochMetrics } from '../../core/api/contract';

const WIDTH = 30;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m < 60 ? `${m}:${String(s).padStart(2, '0')}` : `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Keras's progress bar: `37/422 [==>...........................]`. */
export function bar(step: number, steps: number): string {
  const digits = String(steps).length;
  const done = steps ? Math.floor((WIDTH * step) / steps) : WIDTH;
  const body = step >= steps ? '='.repeat(WIDTH) : `${'='.repeat(Math.max(done - 1, 0))}>${'.'.repeat(WIDTH - Math.max(done, 1))}`;
  return `${String(step).padStart(digits)}/${steps} [${body}]`;
}

/** A batch's line, redrawn in place on a terminal: the bar, the time left, the running loss and accuracy. */
export function batchLine(step: number, steps: number, eta: number, loss: number, accuracy: number): string {
  return `${bar(step, steps)} - ETA: ${duration(eta)} - loss: ${loss.toFixed(4)}${metric('accuracy', accuracy)}`;
}

/** An epoch's final line, as Keras prints it. */
export function epochLine(steps: number, e: EpochMetrics): string {
  const perStep = steps ? (e.seconds / steps) * 1000 : 0;
  const val = e.valLoss === null ? '' : ` - val_loss: ${e.valLoss.toFixed(4)}${metric('val_accuracy', e.valAccuracy ?? NaN)}`;
  return `${bar(steps, steps)} - ${duration(e.seconds)} ${Math.round(perStep)}ms/step - loss: ${e.loss.toFixed(4)}${metric('accuracy', e.accuracy)}${val} - ${Math.round(e.samplesPerSecond)} samples/s`;
}

/** ` - name: value`, or nothing for a metric the model does not compute (accuracy of a regression). */
function metric(name: string, value: number): string {
  return Number.isFinite(value) ? ` - ${name}: ${value.toFixed(4)}` : '';
}
