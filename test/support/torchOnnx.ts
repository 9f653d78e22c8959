import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The Python with Debian's python3-torch (and python3-onnx): the PyTorch oracle. */
export const PYTHON = '/usr/bin/python3';

/** Why the PyTorch cases are skipped ('' when torch imports), said once by whoever asks. */
export const torchMissing = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return '';
  } catch {
    return `${PYTHON} has no torch (Debian's python3-torch): the PyTorch oracle cases are skipped`;
  }
})();

export interface TorchExport {
  readonly file: string;
  readonly bytes: Uint8Array;
  /** PyTorch's `sum(p.numel() for p in model.parameters())`. */
  readonly params: number;
  /** BatchNorm running means and variances (buffers in PyTorch, non-trainable weights in tfjs). */
  readonly stats: number;
  /** The recurrent layers' `bias_hh` values (ONNX's recurrence bias). */
  readonly recurrentBiases: number;
}

/**
 * Exports a PyTorch model built by `body` (Python, defining `model` and `shape`) into
 * `folder/NAME.onnx` with torch.onnx.export (opset 13, a symbolic batch), BatchNorm
 * statistics and affine values randomised so they take part. Eval mode, exported with
 * TrainingMode.PRESERVE so PyTorch does not fold BatchNormalization into the Conv before it.
 */
export function torchExport(folder: string, name: string, body: string): TorchExport {
  const file = path.join(folder, `${name}.onnx`);
  const script = [
    'import sys, torch, torch.nn as nn',
    'torch.manual_seed(0)',
    body,
    'model.eval()',
    'for m in model.modules():',
    '    if isinstance(m, nn.modules.batchnorm._BatchNorm):',
    '        with torch.no_grad():',
    '            m.running_mean.uniform_(-0.5, 0.5); m.running_var.uniform_(0.5, 1.5); m.weight.uniform_(0.5, 1.5); m.bias.uniform_(-0.5, 0.5)',
    'torch.onnx.export(model, torch.randn(*shape), sys.argv[1], input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=13, training=torch.onnx.TrainingMode.PRESERVE)',
    'stats = sum(b.numel() for n, b in model.named_buffers() if n.endswith("running_mean") or n.endswith("running_var"))',
    'recurrentBiases = sum(p.numel() for n, p in model.named_parameters() if "bias_hh" in n)',
    'print(sum(p.numel() for p in model.parameters()), stats, recurrentBiases)',
  ].join('\n');
  const out = execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (!existsSync(file)) throw new Error(`torch wrote no ${file}`);
  const [params, stats, recurrentBiases] = out.trim().split('\n').pop()!.split(' ').map(Number);
  return { file, bytes: readFileSync(file), params, stats, recurrentBiases };
}
