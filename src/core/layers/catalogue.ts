import { Activation } from './kinds/activation';
import { BatchNormalization } from './kinds/batchNormalization';
import { Bidirectional } from './kinds/bidirectional';
import { Conv2D } from './kinds/conv2d';
import { Dense } from './kinds/dense';
import { Dropout } from './kinds/dropout';
import { Flatten } from './kinds/flatten';
import { GlobalAveragePooling2D } from './kinds/globalAveragePooling2d';
import { Input } from './kinds/input';
import { Add, Concatenate } from './kinds/merge';
import { AveragePooling2D, MaxPooling2D } from './kinds/pooling2d';
import { GRU, LSTM, SimpleRNN } from './kinds/recurrent';
import { Reshape } from './kinds/reshape';
import type { LayerSpec } from './spec';

/** Every layer kind NetCanvas knows, in palette order. */
export const LAYER_KINDS: readonly LayerSpec[] = [
  Input,
  Dense,
  Activation,
  Dropout,
  Flatten,
  Reshape,
  Conv2D,
  MaxPooling2D,
  AveragePooling2D,
  GlobalAveragePooling2D,
  SimpleRNN,
  LSTM,
  GRU,
  Bidirectional,
  BatchNormalization,
  Add,
  Concatenate,
];

const byKind = new Map(LAYER_KINDS.map((spec) => [spec.kind, spec]));
const byKerasClass = new Map(LAYER_KINDS.flatMap((spec) => spec.kerasClasses.map((cls) => [cls, spec] as const)));

export function layerSpec(kind: string): LayerSpec | undefined {
  return byKind.get(kind);
}

export function layerSpecForKerasClass(className: string): LayerSpec | undefined {
  return byKerasClass.get(className);
}

export const LAYER_KIND_NAMES = LAYER_KINDS.map((s) => s.kind);
