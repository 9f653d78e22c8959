import { useEffect, useState } from 'react';
import type { NetCanvasApi, Prediction } from '../../../../core/api/contract';
import { messageOf } from '../../../../core/messageOf';

export interface PredictionState {
  readonly prediction: Prediction | null;
  readonly error: string | null;
  readonly pending: boolean;
}

const IDLE: PredictionState = { prediction: null, error: null, pending: false };

/** True when a digit has any ink: a blank pad is not sent to the model. */
export function hasInk(pixels: Float32Array | null): pixels is Float32Array {
  return pixels !== null && pixels.some((v) => v > 0);
}

/**
 * Asks the engine what the run's model reads in `pixels` (784 values), again whenever they,
 * the run or `activations` change; an answer that arrives after a newer question is dropped.
 */
export function usePrediction(api: NetCanvasApi, runId: string | null, pixels: Float32Array | null, activations: boolean): PredictionState {
  const [state, setState] = useState<PredictionState>(IDLE);
  useEffect(() => {
    if (!runId || !hasInk(pixels)) {
      setState(IDLE);
      return;
    }
    let current = true;
    setState((s) => ({ ...s, pending: true }));
    api.predict({ runId, pixels: Array.from(pixels), activations }).then(
      (prediction) => current && setState({ prediction, error: null, pending: false }),
      (error: unknown) => current && setState({ prediction: null, error: messageOf(error), pending: false }),
    );
    return () => {
      current = false;
    };
  }, [api, runId, pixels, activations]);
  return state;
}
