import { DigitImage } from './DigitImage';

export interface GridImage {
  readonly key: string | number;
  readonly pixels: readonly number[];
  /** The line under the image, e.g. its label, or true → predicted. */
  readonly caption: string;
  readonly tone?: 'right' | 'wrong';
}

/** A grid of dataset images (bytes 0–255) with a caption under each. */
export function SampleGrid({ images, testId }: { readonly images: readonly GridImage[]; readonly testId?: string }) {
  return (
    <div className="sample-grid" data-testid={testId}>
      {images.map((image) => (
        <figure key={image.key} className={`sample-grid__item${image.tone ? ` sample-grid__item--${image.tone}` : ''}`}>
          <DigitImage values={image.pixels} max={255} size={56} label={image.caption} />
          <figcaption>{image.caption}</figcaption>
        </figure>
      ))}
    </div>
  );
}
