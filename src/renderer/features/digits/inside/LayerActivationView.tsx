import { useMemo } from 'react';
import { pictureActivation } from '../../../../core/digits/activations';
import type { LayerActivation } from '../../../../core/api/contract';
import { DigitImage } from '../shared/DigitImage';
import { ValueBars } from './ValueBars';

/** One layer's output for the pad's digit: a grid of feature maps, one picture, or bars, as suits its shape. */
export function LayerActivationView({ activation, title, selected }: { readonly activation: LayerActivation; readonly title: string; readonly selected: boolean }) {
  const picture = useMemo(() => pictureActivation(activation.shape, activation.values), [activation]);
  return (
    <section className={`layer-activation${selected ? ' layer-activation--selected' : ''}`} data-testid={`activation-${activation.nodeId}`} data-node-id={activation.nodeId}>
      <header>
        <strong>{title}</strong> <span className="mono muted">[{activation.shape.map((d) => d ?? '?').join(', ')}]</span>
      </header>
      {picture.kind === 'maps' && (
        <div className="layer-activation__maps">
          {picture.maps.map((map, c) => (
            <DigitImage key={c} values={map} width={picture.width} height={picture.height} size={picture.maps.length > 16 ? 40 : 64} label={`channel ${c}`} />
          ))}
          {picture.channels > picture.maps.length && <p className="muted">…and {picture.channels - picture.maps.length} more channels</p>}
          {picture.stride > 1 && <p className="muted">each pixel the mean of {picture.stride}×{picture.stride}</p>}
        </div>
      )}
      {picture.kind === 'image' && <DigitImage values={picture.values} width={picture.width} height={picture.height} size={112} label={`${picture.height}×${picture.width}`} />}
      {picture.kind === 'bars' && <ValueBars values={picture.values} total={picture.total} />}
    </section>
  );
}
