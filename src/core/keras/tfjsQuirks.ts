import type { Shape } from '../shapes/shape';

/**
 * A node's config as tfjs needs it to build the layer. tfjs's Reshape leaves a `-1` in
 * its declared output shape (it counts the batch dimension as unknown), so the layer
 * after it cannot build; the inferred dimension is written out instead, from the shape
 * the analysis computed. Keras reads the result the same way.
 */
export function tfjsReadyConfig(kind: string, config: Record<string, unknown>, outputShape: Shape | null): Record<string, unknown> {
  if (kind === 'Reshape' && outputShape && (config.targetShape as number[]).includes(-1)) {
    return { ...config, targetShape: outputShape.slice(1) };
  }
  return config;
}
