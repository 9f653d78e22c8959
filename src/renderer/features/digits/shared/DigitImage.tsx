import { memo, useEffect, useRef } from 'react';

/**
 * A grey picture drawn white on black on a canvas of its own size, scaled up by CSS with
 * sharp pixels. `values` run row by row, from 0 to `max` (1 for model inputs, 255 for dataset bytes).
 */
export const DigitImage = memo(function DigitImage(props: {
  readonly values: ArrayLike<number>;
  readonly width?: number;
  readonly height?: number;
  readonly max?: number;
  /** Shown size in CSS pixels of the longer side. */
  readonly size?: number;
  readonly label?: string;
  readonly testId?: string;
}) {
  const { values, width = 28, height = 28, max = 1, size = 56, label, testId } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(width, height);
    for (let i = 0; i < width * height; i++) {
      const v = i < values.length ? Math.round((Math.min(max, Math.max(0, values[i])) / max) * 255) : 0;
      image.data.set([v, v, v, 255], i * 4);
    }
    context.putImageData(image, 0, 0);
  }, [values, width, height, max]);
  const scale = size / Math.max(width, height);
  return (
    <canvas
      ref={ref}
      className="digit-image"
      width={width}
      height={height}
      style={{ width: width * scale, height: height * scale }}
      role="img"
      aria-label={label}
      title={label}
      data-testid={testId}
    />
  );
});
