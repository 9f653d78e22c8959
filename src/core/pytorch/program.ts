import { nodeName } from '../graph/analyse';
import type { GraphDocument } from '../graph/document';
import { DocumentError } from '../graph/errors';
import { analyseForExport } from '../codegen/exportable';
import { countSentence, trainingSentence } from '../codegen/modelModule';
import { DATA_SOURCES, activeSchedule, callbacksSentence, optimizerConstants, programSettings } from '../codegen/trainingProgram';
import { BALANCED_CLASS_WEIGHTS_SOURCE, EARLY_STOPPING_SOURCE, SCHEDULE_SOURCES, earlyStoppingSettings, formulaConstants, plateauSettings } from '../codegen/trainingCallbacks';
import { layerSpec } from '../layers/catalogue';
import type { Regularizer } from '../layers/common/regularizer';
import type { LossName, OptimizerConfig, TrainingConfig } from '../training/config';
import { BUILTIN_DATASETS } from '../data/description';
import { transposeWeight, type LayerWeights } from '../onnx/lowering';
import { utf8 } from '../onnx/proto';
import { PytorchRefusal, py, pyComment, pythonName, type PytorchContext, type PytorchWeight } from './lowering';

export interface PytorchProgramOptions {
  /** The file the program is saved as, for its "run it" lines. */
  readonly fileName?: string;
}

/** The optimizer's settings as named constants, and the torch.optim call that uses them (Keras's momentum SGD is PyTorch's for a fixed rate). */
function optimizer(o: OptimizerConfig): { constants: [string, number][]; call: string } {
  const constants = optimizerConstants(o);
  switch (o.type) {
    case 'sgd':
      return { constants, call: 'torch.optim.SGD(parameters, lr=LEARNING_RATE, momentum=MOMENTUM)' };
    case 'adam':
      return { constants, call: 'torch.optim.Adam(parameters, lr=LEARNING_RATE, betas=(BETA_1, BETA_2), eps=EPSILON)' };
    case 'rmsprop':
      return { constants, call: 'torch.optim.RMSprop(parameters, lr=LEARNING_RATE, alpha=RHO, eps=EPSILON, momentum=MOMENTUM)' };
  }
}

/** Keras's losses on the network's outputs (probabilities, not logits, as Keras's from_logits=False): a docstring, the lines before, and each sample's loss, averaged over the batch. */
const LOSS_BODY: Record<LossName, { doc: string; lines: string[]; perSample: string }> = {
  categoricalCrossentropy: {
    doc: "Keras's categorical cross-entropy: the outputs scaled to sum to one, clipped, against one-hot targets.",
    lines: ['    p = (output / output.sum(dim=-1, keepdim=True)).clamp(CLIP, 1 - CLIP)'],
    perSample: '-(target * p.log()).sum(dim=-1)',
  },
  binaryCrossentropy: {
    doc: "Keras's binary cross-entropy: each output clipped, averaged over the last axis.",
    lines: ['    p = output.clamp(CLIP, 1 - CLIP)'],
    perSample: '-(target * p.log() + (1 - target) * (1 - p).log()).mean(dim=-1)',
  },
  meanSquaredError: { doc: "Keras's mean squared error, over the last axis.", lines: [], perSample: '(output - target).pow(2).mean(dim=-1)' },
  meanAbsoluteError: { doc: "Keras's mean absolute error, over the last axis.", lines: [], perSample: '(output - target).abs().mean(dim=-1)' },
};

/** The program's loss_function; with class weights it takes them, as Keras's class_weight: each sample's loss times its class's weight, the mean over the batch. */
function lossLines(loss: LossName, weighted: boolean): string[] {
  const body = LOSS_BODY[loss];
  if (!weighted) return ['def loss_function(output, target):', `    """${body.doc}"""`, ...body.lines, `    return ${body.perSample}.mean()`];
  return [
    'def loss_function(output, target, class_weights=None):',
    `    """${body.doc}`,
    "    With class_weights (Keras's class_weight), each sample's loss is multiplied by its class's weight",
    '    (the class is the largest entry of its target), then averaged over the batch."""',
    ...body.lines,
    `    per_sample = ${body.perSample}`,
    '    if class_weights is not None:',
    '        per_sample = per_sample * class_weights[target.argmax(dim=-1)]',
    '    return per_sample.mean()',
  ];
}

/** Keras's penalty on one weight, as a Python term. */
function penalty(weight: string, r: NonNullable<Regularizer>): string[] {
  const [l1, l2] = r.type === 'l1' ? [r.factor, 0] : r.type === 'l2' ? [0, r.factor] : [r.l1, r.l2];
  return [...(l1 > 0 ? [`${py(l1)} * ${weight}.abs().sum()`] : []), ...(l2 > 0 ? [`${py(l2)} * ${weight}.pow(2).sum()`] : [])];
}

/** One tensor of the module's state_dict and the Keras weight it comes from. */
interface StateTensor extends PytorchWeight {
  readonly nodeId: string;
}

/** The graph's network as an `nn.Module` named Net: its helpers, the class's lines, and where each state_dict tensor comes from. */
function moduleLines(doc: GraphDocument, analysis: ReturnType<typeof analyseForExport>): { helpers: string[]; lines: string[]; state: StateTensor[] } {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const helpers = new Map<string, string>();
  const init: string[] = [];
  const forward: string[] = [];
  const penalties: string[] = [];
  const moduleNames = new Set<string>();
  const variables = new Set<string>(['x']);
  const valueOf = new Map<string, string>();
  const state: StateTensor[] = [];

  for (const id of analysis.topology.order) {
    const node = byId.get(id)!;
    const analysed = analysis.nodes.get(id)!;
    const spec = layerSpec(node.kind)!;
    if (spec.arity === 'none') {
      valueOf.set(id, 'x');
      continue;
    }
    const refuse = (message: string): never => {
      throw new DocumentError(`'${doc.name}' cannot be exported as PyTorch`, [{ path: nodeName(node), message }]);
    };
    if (!spec.pytorch) refuse(`${node.kind} has no PyTorch form`);
    const ctx: PytorchContext = {
      inputs: analysis.topology.incoming.get(id)!.map((e) => valueOf.get(e.source)!),
      inputShapes: analysed.inputShapes,
      outputShape: analysed.outputShape!,
      module(construct, suffix, weights = []) {
        const name = pythonName(suffix ? `${id}_${suffix}` : id, moduleNames);
        init.push(`        self.${name} = ${construct}`);
        for (const w of weights) state.push({ ...w, key: `${name}.${w.key}`, nodeId: id });
        return `self.${name}`;
      },
      helper(name, source) {
        if (!helpers.has(name)) helpers.set(name, source);
      },
      regularize(weight, regularizer) {
        if (regularizer) penalties.push(...penalty(weight, regularizer));
      },
    };
    let expression: string;
    try {
      expression = spec.pytorch!(ctx, analysed.config);
    } catch (error) {
      if (error instanceof PytorchRefusal) refuse(error.message);
      throw error;
    }
    const variable = pythonName(id, variables);
    const shape = analysed.outputShape!.slice(1).join('×');
    forward.push(`        ${variable} = ${expression}  # ${pyComment(nodeName(node))} → ${shape}`);
    valueOf.set(id, variable);
  }

  const lines = [
    'class Net(nn.Module):',
    `    """${pyComment(doc.name)}: ${countSentence(analysis)}. Values are channels last (NHWC) as in Keras."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...init,
    '        # Keras\'s initialisers: Glorot-uniform kernels and zero biases.',
    '        for module in self.modules():',
    '            if isinstance(module, (nn.Linear, nn.Conv2d)):',
    '                nn.init.xavier_uniform_(module.weight)',
    '                if module.bias is not None:',
    '                    nn.init.zeros_(module.bias)',
    '',
    '    def forward(self, x):',
    ...forward,
    `        return ${valueOf.get(analysis.outputId!)!}`,
    '',
    '    def regularization(self):',
    '        """The weight penalties (Keras\'s kernel and bias regularizers) added to the loss."""',
    penalties.length > 0 ? `        return ${penalties.join(' + ')}` : '        return 0.0',
  ];
  return { helpers: [...helpers.values()], lines, state };
}

/**
 * A complete Python program that trains the graph's network on its dataset with PyTorch, the
 * same way the TypeScript program does with TensorFlow.js (Keras's conventions translated), on
 * one process (`python3 train.py`) or many (`torchrun --nproc_per_node=N train.py`, with
 * DistributedDataParallel). It depends on torch only. Throws a DocumentError naming the node
 * when a layer has no PyTorch form or the graph cannot train.
 */
export function generatePytorchProgram(doc: GraphDocument, options: PytorchProgramOptions = {}): string {
  const analysis = analyseForExport(doc, true);
  const inputShape = analysis.nodes.get(analysis.inputIds[0])!.config!.shape as number[];
  const dataset = BUILTIN_DATASETS[doc.dataset.name];
  const source = DATA_SOURCES[doc.dataset.name];
  const training = doc.training;
  const opt = optimizer(training.optimizer);
  const fileName = pyComment(options.fileName ?? 'train.py');
  const { helpers, lines } = moduleLines(doc, analysis);
  const constant = (name: string, value: unknown) => `${name} = ${py(value)}`;
  const settings = programSettings(doc, inputShape);
  return [
    '"""',
    `${pyComment(doc.name)}: a NetCanvas graph exported as a PyTorch training program.`,
    '',
    `${countSentence(analysis)}.`,
    `Trained on ${dataset.label} with ${trainingSentence(doc)}.`,
    ...(callbacksSentence(training) ? [callbacksSentence(training)!] : []),
    'As in NetCanvas, pixels are scaled to [0, 1], labels are one-hot and each image is reshaped',
    `to the input (${inputShape.join('×')}); the program ends by printing the test accuracy.`,
    "Keras's conventions are kept: Glorot-uniform kernels and zero biases, 'same' padding with",
    "the odd pixel at the end, BatchNormalization's momentum, Adam's epsilon, channels-last values.",
    '',
    `Run it:   python3 ${fileName} [--epochs N] [--limit N] [--data DIR]`,
    `Or:       torchrun --nproc_per_node=N ${fileName} ...   (one process per CPU group or GPU;`,
    '          several machines: add --nnodes=M --rdzv-backend=c10d --rdzv-endpoint=HOST:PORT)',
    'Needs:    PyTorch (pip install torch).',
    `Data:     the four IDX files (gzipped or not) in --data DIR, else the folder named by ${source.variable};`,
    `          without either they are downloaded into ./${source.folder}.`,
    '"""',
    'import argparse',
    'import gzip',
    'import hashlib',
    'import json',
    'import math',
    'import os',
    'import struct',
    'import sys',
    'import time',
    'import urllib.request',
    '',
    'import torch',
    'import torch.distributed as dist',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    'from torch.nn.parallel import DistributedDataParallel',
    'from torch.utils.data import DataLoader, DistributedSampler, TensorDataset',
    '',
    '# The network and how it trains.',
    ...settings.network.map(([name, value]) => constant(name, value)),
    ...opt.constants.map(([name, value]) => constant(name, value)),
    ...callbackConstants(training),
    "CLIP = 1e-07  # Keras's epsilon, which keeps log() away from zero",
    '',
    '# Where the data comes from.',
    ...settings.data.map(([name, value]) => constant(name, value)),
    "FILES = ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')",
    '',
    '',
    ...helpers.flatMap((h) => [h, '', '']),
    ...lines,
    '',
    '',
    ...lossLines(training.loss, training.classWeight !== undefined),
    '',
    '',
    'def make_optimizer(parameters):',
    `    return ${opt.call}`,
    '',
    '',
    ...callbackDefinitions(training),
    PROGRAM_BODY,
    MAIN_SETUP,
    ...epochLines(training),
    MAIN_END,
  ].join('\n');
}

/**
 * A NetCanvas run's weights (each layer's, by node id, in Keras's layout as tfjs holds them) as a
 * safetensors file of the program's `Net` state_dict, for its `--weights FILE`: each tensor
 * under its state_dict key, float32, in PyTorch's layout. Throws a DocumentError naming the
 * layer when a weight is missing or has another shape than the graph's.
 */
export function pytorchWeightsFile(doc: GraphDocument, weights: ReadonlyMap<string, LayerWeights>): Uint8Array {
  const analysis = analyseForExport(doc, true);
  const { state } = moduleLines(doc, analysis);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const header: Record<string, { dtype: 'F32'; shape: number[]; data_offsets: [number, number] }> = {};
  const tensors: Float32Array[] = [];
  let offset = 0;
  for (const t of state) {
    const w = weights.get(t.nodeId)?.get(t.keras);
    if (!w || w.values.length !== w.shape.reduce((a, d) => a * d, 1)) {
      throw new DocumentError(`'${doc.name}': the weights given do not fit the graph`, [{ path: nodeName(byId.get(t.nodeId)!), message: `no '${t.keras}' weight of the right size` }]);
    }
    const laid = t.perm ? transposeWeight(w, t.perm) : w;
    header[t.key] = { dtype: 'F32', shape: [...laid.shape], data_offsets: [offset, offset + laid.values.length * 4] };
    tensors.push(laid.values);
    offset += laid.values.length * 4;
  }
  let json = JSON.stringify({ __metadata__: { format: 'pt', graph: doc.name }, ...header });
  // The header is padded with spaces to a multiple of 8 bytes, as safetensors writers do.
  while ((8 + utf8(json).length) % 8 !== 0) json += ' ';
  const head = utf8(json);
  const bytes = new Uint8Array(8 + head.length + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  bytes.set(head, 8);
  let at = 8 + head.length;
  for (const values of tensors) {
    for (let i = 0; i < values.length; i++, at += 4) view.setFloat32(at, values[i], true);
  }
  return bytes;
}

/** The settings of the schedule, early stopping and class weights, as constants. */
function callbackConstants(training: TrainingConfig): string[] {
  const schedule = activeSchedule(training);
  const dict = (entries: [string, unknown][]) => `dict(${entries.map(([k, v]) => `${k}=${py(v)}`).join(', ')})`;
  return [
    ...(schedule?.type === 'reduceOnPlateau'
      ? [`REDUCE_ON_PLATEAU = ${dict(plateauSettings(schedule, 'python'))}`]
      : schedule
        ? formulaConstants(schedule).map(([name, value]) => `${name} = ${py(value)}`)
        : []),
    ...(training.earlyStopping ? [`EARLY_STOPPING = ${dict(earlyStoppingSettings(training.earlyStopping, 'python'))}`] : []),
    ...(Array.isArray(training.classWeight) ? [`CLASS_WEIGHTS = [${training.classWeight.map(py).join(', ')}]  # one per class, in the dataset's order`] : []),
  ];
}

/** The definitions the epochs need: the schedule, early stopping, reading a monitored metric, balanced weights. */
function callbackDefinitions(training: TrainingConfig): string[] {
  const schedule = activeSchedule(training);
  const blocks: string[] = [];
  if (schedule) {
    const source = SCHEDULE_SOURCES[schedule.type];
    blocks.push(
      source.kind === 'formula'
        ? `def learning_rate(epoch):\n    """The learning rate of an epoch (counted from 0), by ${source.keras}."""\n    return ${source.expression.python}`
        : source.definition.python,
    );
  }
  if (training.earlyStopping) blocks.push(EARLY_STOPPING_SOURCE.python);
  if (schedule?.type === 'reduceOnPlateau' || training.earlyStopping) {
    blocks.push(`def monitored(logs, name):
    """An epoch's value of a metric, or None when the logs lack it (no validation data) or it is not finite: Keras then skips the epoch."""
    value = logs.get(name)
    return value if value is not None and math.isfinite(value) else None`);
  }
  if (training.classWeight === 'balanced') blocks.push(BALANCED_CLASS_WEIGHTS_SOURCE.python);
  return blocks.flatMap((b) => [b, '', '']);
}

/** main()'s epochs, as the NetCanvas engine trains (engine/training/loop.ts): each epoch's rate, the class weights in the loss, early stopping. */
function epochLines(training: TrainingConfig): string[] {
  const schedule = activeSchedule(training);
  const stopping = training.earlyStopping;
  const weighted = training.classWeight !== undefined;
  const lines: string[] = [];
  if (weighted) {
    lines.push(
      "    # Keras's class_weight: each sample's loss weighs as its class does" + (training.classWeight === 'balanced' ? ', balanced from the training labels.' : '.'),
      `    class_weights = ${training.classWeight === 'balanced' ? 'balanced_class_weights(y)' : 'CLASS_WEIGHTS'}`,
      "    log(f'Class weights: {json.dumps(class_weights)}')",
      '    class_weights = torch.tensor(class_weights, dtype=torch.float32, device=device)',
    );
  }
  if (schedule?.type === 'reduceOnPlateau') lines.push('    reducer = ReduceLROnPlateau(LEARNING_RATE, **REDUCE_ON_PLATEAU)', '    lr = LEARNING_RATE');
  if (stopping) lines.push('    stopper = EarlyStopping(**EARLY_STOPPING)', '    best_state, best_epoch = None, None');
  if (lines.length > 0) lines.push('');
  lines.push('    for epoch in range(options.epochs):');
  if (schedule) {
    lines.push(
      ...(schedule.type === 'reduceOnPlateau' ? [] : ['        lr = learning_rate(epoch)']),
      '        # The epoch trains at its rate from its first step.',
      '        for group in optimizer.param_groups:',
      "            group['lr'] = lr",
    );
  }
  lines.push(
    '        if sampler is not None:',
    '            sampler.set_epoch(epoch)',
    '        net.train()',
    '        started = time.perf_counter()',
    '        seen, loss_sum, correct = 0, 0.0, 0',
    '        for step, (xb, yb) in enumerate(loader):',
    '            xb, yb = xb.to(device), yb.to(device)',
    '            output = net(xb)',
    `            loss = loss_function(output, yb${weighted ? ', class_weights' : ''})`,
    '            optimizer.zero_grad()',
    '            (loss + model.regularization()).backward()',
    '            optimizer.step()',
    '            seen += len(xb)',
    '            loss_sum += loss.item() * len(xb)',
    '            correct += (output.argmax(dim=-1) == yb.argmax(dim=-1)).sum().item()',
    '            if options.log_steps:',
    '                step_loss, step_samples = all_sum([loss.item() * len(xb), len(xb)], device, world)',
    "                log(f'Step {step + 1}: loss {step_loss / step_samples:.4f}')",
    '        seen, loss_sum, correct = all_sum([seen, loss_sum, correct], device, world)',
    '        seconds = time.perf_counter() - started',
    "        logs = {'loss': loss_sum / seen, 'accuracy': correct / seen}",
    '        if len(val_x) > 0:',
    "            logs['val_loss'], logs['val_accuracy'] = evaluate(model, val_x, val_y, device, per_process) if rank == 0 else (0.0, 0.0)",
    "        # Every process takes rank 0's numbers, so that all take the same decisions from them.",
    '        logs = dict(zip(logs, from_rank_zero(list(logs.values()), device, world)))',
    "        metrics = ' - '.join(f'{name}: {value:.4f}' for name, value in logs.items())",
    "        log(f'Epoch {epoch + 1}/{options.epochs} - {seconds:.1f}s - {metrics} - lr: {optimizer.param_groups[0][\"lr\"]}')",
  );
  if (schedule?.type === 'reduceOnPlateau') {
    lines.push(
      '        # The next epoch trains at the rate the plateau rule gives after this one.',
      '        value = monitored(logs, reducer.monitor)',
      '        if value is not None:',
      '            lr = reducer.next(value)',
    );
  }
  if (stopping) {
    lines.push(
      '        value = monitored(logs, stopper.monitor)',
      '        if value is not None:',
      '            keep_weights, stop = stopper.next(epoch, value)',
      '            if keep_weights:',
      '                best_state, best_epoch = {k: v.detach().clone() for k, v in model.state_dict().items()}, epoch',
      '            if stop:',
      "                log(f'Epoch {epoch + 1}: early stopping')",
      '                break',
    );
    if (stopping.restoreBestWeights) {
      lines.push(
        '    if best_state is not None:',
        '        model.load_state_dict(best_state)',
        "        log(f'Restoring model weights from the end of the best epoch: {best_epoch + 1}.')",
      );
    }
  }
  return [...lines, ''];
}

/** The parts of the program that do not depend on the graph: options, data, processes, the loop. */
const PROGRAM_BODY = `def count_parameters(model):
    """Trainable parameters, and the rest (moving statistics), as NetCanvas counts them."""
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in model.parameters() if not p.requires_grad)
    buffers = sum(b.numel() for name, b in model.named_buffers() if not name.endswith('num_batches_tracked'))
    return {'trainable': trainable, 'nonTrainable': frozen + buffers, 'total': trainable + frozen + buffers}


def parameter_checksum(model):
    """A SHA-256 of every parameter's float32 bytes, in order: equal on processes holding the same weights."""
    digest = hashlib.sha256()
    for p in model.parameters():
        digest.update(p.detach().to('cpu', torch.float32).contiguous().numpy().tobytes())
    return digest.hexdigest()


def load_weights(model, path):
    """Sets the model's parameters and statistics from a safetensors file of its state_dict (as
    NetCanvas writes from a run: little-endian float32, PyTorch's layouts), checking every key and size."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 8:
        sys.exit(f'{path} is not a safetensors file')
    size = struct.unpack('<Q', data[:8])[0]
    if 8 + size > len(data):
        sys.exit(f'{path} is not a safetensors file (its header runs past its end)')
    header = json.loads(data[8:8 + size])
    body = data[8 + size:]
    expected = model.state_dict()
    state = {}
    for key, entry in header.items():
        if key == '__metadata__':
            continue
        if key not in expected:
            sys.exit(f'{path}: {key} is not a tensor of this network (weights of another graph?)')
        start, end = entry['data_offsets']
        if entry.get('dtype') != 'F32' or end > len(body) or end - start != 4 * expected[key].numel():
            sys.exit(f'{path}: {key} is not {list(expected[key].shape)} float32 values')
        tensor = torch.frombuffer(bytearray(body[start:end]), dtype=torch.float32)
        state[key] = tensor.reshape(entry['shape'])
    missing = [k for k in expected if k not in state]
    if missing:
        sys.exit(f'{path} lacks {", ".join(missing)}')
    model.load_state_dict(state)


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be a whole number of at least 1, not {text}')
    return value


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split('\\n')[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--epochs', type=positive_int, default=EPOCHS, help=f'epochs to train (default {EPOCHS})')
    parser.add_argument('--limit', type=positive_int, default=None, help='use only the first N training and test images')
    parser.add_argument('--batch-size', type=positive_int, default=BATCH_SIZE, help=f'samples per step over all processes (default {BATCH_SIZE})')
    parser.add_argument('--data', default=None, help=f'the folder of the IDX files (default: \${DATA_DIR_VARIABLE}, else ./{DOWNLOAD_FOLDER})')
    parser.add_argument('--weights', default=None, help='start from these weights (a safetensors file of the state_dict)')
    parser.add_argument('--save', default='model.pt', help="where rank 0 saves the trained state_dict (default model.pt; '' to not save)")
    parser.add_argument('--seed', type=int, default=0, help='the random seed of the weights and the shuffling')
    parser.add_argument('--log-steps', action='store_true', help='print the loss of every step')
    parser.add_argument('--count-params', action='store_true', help='print the parameter counts as JSON and exit')
    parser.add_argument('--checksum', action='store_true', help='every process prints a SHA-256 of its parameters at the end')
    return parser.parse_args()


def read_idx(folder, name, magic):
    """One IDX file (or its .gz) as a uint8 tensor, checked against its header."""
    for candidate in (name, name + '.gz'):
        path = os.path.join(folder, candidate)
        if os.path.isfile(path):
            with (gzip.open if candidate.endswith('.gz') else open)(path, 'rb') as f:
                data = f.read()
            break
    else:
        sys.exit(f'{name} (or {name}.gz) is not in {folder}')
    dims = magic - 2048
    header = 4 + 4 * dims
    if len(data) < header or struct.unpack('>I', data[:4])[0] != magic:
        sys.exit(f'{path} is not an IDX file with magic number {magic}')
    shape = struct.unpack('>' + 'I' * dims, data[4:header])
    size = 1
    for d in shape:
        size *= d
    if len(data) != header + size:
        sys.exit(f'{path} holds {len(data) - header} bytes of data, but its header says {size} ({"×".join(map(str, shape))})')
    return torch.frombuffer(bytearray(data[header:]), dtype=torch.uint8).reshape(shape)


def data_folder(options, rank):
    """--data, else $MNIST_DIR (or the dataset's variable), else ./DOWNLOAD_FOLDER, downloaded by rank 0 once."""
    folder = options.data or os.environ.get(DATA_DIR_VARIABLE)
    if folder:
        return folder
    folder = DOWNLOAD_FOLDER
    if rank == 0:
        os.makedirs(folder, exist_ok=True)
        for name in FILES:
            if not any(os.path.isfile(os.path.join(folder, n)) for n in (name, name + '.gz')):
                print(f'Downloading {DOWNLOAD_URL}{name}.gz', flush=True)
                urllib.request.urlretrieve(f'{DOWNLOAD_URL}{name}.gz', os.path.join(folder, name + '.gz.part'))
                os.replace(os.path.join(folder, name + '.gz.part'), os.path.join(folder, name + '.gz'))
    if dist.is_initialized():
        dist.barrier()
    return folder


def load_split(folder, prefix, limit):
    """Images scaled to [0, 1] and reshaped to the input, labels one-hot, as NetCanvas feeds them."""
    images = read_idx(folder, f'{prefix}-images-idx3-ubyte', 2051)
    labels = read_idx(folder, f'{prefix}-labels-idx1-ubyte', 2049)
    if len(images) != len(labels):
        sys.exit(f'{folder}: {len(images)} {prefix} images but {len(labels)} labels')
    images, labels = images[:limit], labels[:limit]
    x = images.to(torch.float32).div_(255).reshape(len(images), *INPUT_SHAPE)
    y = F.one_hot(labels.long(), NUM_CLASSES).to(torch.float32)
    return x, y


def setup_processes():
    """torchrun's environment (RANK, WORLD_SIZE, LOCAL_RANK) decides: one process without it."""
    world = int(os.environ.get('WORLD_SIZE', '1'))
    local = int(os.environ.get('LOCAL_RANK', '0'))
    device = torch.device(f'cuda:{local}' if torch.cuda.is_available() else 'cpu')
    if world == 1:
        return 0, 1, device
    if device.type == 'cuda':
        torch.cuda.set_device(device)
    # NCCL between GPUs, gloo between CPU processes; the rendezvous comes from torchrun's variables.
    dist.init_process_group('nccl' if device.type == 'cuda' else 'gloo')
    return dist.get_rank(), world, device


def all_sum(values, device, world):
    """The values summed over every process (as float64)."""
    t = torch.tensor(values, dtype=torch.float64, device=device)
    if world > 1:
        dist.all_reduce(t)
    return t.tolist()


def from_rank_zero(values, device, world):
    """Rank 0's values on every process (as float64), so that all take the same decisions from them."""
    t = torch.tensor(values, dtype=torch.float64, device=device)
    if world > 1:
        dist.broadcast(t, 0)
    return t.tolist()


def evaluate(model, x, y, device, batch_size):
    """Mean loss and accuracy of the model over (x, y), in inference mode."""
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size].to(device), y[start:start + batch_size].to(device)
            output = model(xb)
            loss += loss_function(output, yb).item() * len(xb)
            correct += (output.argmax(dim=-1) == yb.argmax(dim=-1)).sum().item()
    return loss / max(len(x), 1), correct / max(len(x), 1)


`;

/** main() up to its epochs: options, processes, data, the model and its optimizer. */
const MAIN_SETUP = `def main():
    options = parse_options()
    torch.manual_seed(options.seed)
    if options.count_params:
        print(json.dumps(count_parameters(Net())))
        return
    rank, world, device = setup_processes()
    log = (lambda *a: print(*a, flush=True)) if rank == 0 else (lambda *a: None)
    folder = data_folder(options, rank)
    x, y = load_split(folder, 'train', options.limit)
    test_x, test_y = load_split(folder, 't10k', options.limit)
    # As Keras's validation_split: the last share of the training samples, before shuffling.
    split = int(len(x) * (1 - VALIDATION_SPLIT))
    x, y, val_x, val_y = x[:split], y[:split], x[split:], y[split:]

    model = Net()
    if options.weights:
        load_weights(model, options.weights)
    model = model.to(device)
    # Every process starts from rank 0's weights: DistributedDataParallel broadcasts them.
    net = DistributedDataParallel(model, device_ids=[device.index] if device.type == 'cuda' else None) if world > 1 else model
    optimizer = make_optimizer(model.parameters())
    train_set = TensorDataset(x, y)
    # The batch is split between the processes; their gradients are averaged, so one step is one batch.
    per_process = max(1, options.batch_size // world)
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=options.seed) if world > 1 else None
    loader = DataLoader(train_set, batch_size=per_process, shuffle=sampler is None, sampler=sampler)
    log(f'{DATASET}: {len(x)} training, {len(val_x)} validation, {len(test_x)} test samples; '
        f'{world} process{"es" if world > 1 else ""} on {device.type}, {per_process} samples each per step.')
`;

/** main() after its epochs: rank 0 tests and saves; every process may print its checksum. */
const MAIN_END = `    if rank == 0:
        test_loss, test_accuracy = evaluate(model, test_x, test_y, device, options.batch_size)
        print(f'Test loss: {test_loss:.4f}')
        print(f'Test accuracy: {100 * test_accuracy:.1f}%', flush=True)
        if options.save:
            partial = options.save + '.part'
            torch.save(model.state_dict(), partial)
            os.replace(partial, options.save)
            print(f'Saved the weights to {options.save}', flush=True)
    if options.checksum:
        print(f'Rank {rank} parameter checksum: {parameter_checksum(model)}', flush=True)
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
`;
