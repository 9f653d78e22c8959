import { plotGraphSvg, type PlotOptions } from '../../core/plot/plotGraph';
import { parseArgs, UsageError } from '../args';
import { writeUserFile } from '../outputFile';
import { svgToPng } from '../png';
import type { Command } from './command';
import { openGraphFile } from './openGraph';

const LAYOUTS = ['auto', 'positions', 'layered'] as const;

const FLAGS = {
  output: { type: 'string', short: 'o', help: 'the picture to write, .svg or .png' },
  layout: { type: 'string', help: 'auto (canvas positions unless boxes overlap), positions or layered' },
  'no-shapes': { type: 'bool', help: 'leave the input and output shapes out' },
  scale: { type: 'int', min: 1, max: 8, help: 'PNG pixels per SVG unit (default 2)' },
} as const;

export const plotCommand: Command = {
  name: 'plot',
  usage: 'netcanvas plot FILE [-o OUT.svg|OUT.png] [--layout auto|positions|layered] [--no-shapes] [--scale N]',
  summary: "Draw the graph as plot_model does: a box per layer with its shapes, as SVG (default: standard output) or PNG.",
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    if (positional.length > 1) throw new UsageError(`plot takes one graph file, got ${positional.length}: ${positional.join(' ')}`);
    const layout = flags.layout ?? 'auto';
    if (!(LAYOUTS as readonly string[]).includes(layout)) throw new UsageError(`unknown layout '${layout}' (layouts: ${LAYOUTS.join(', ')})`);
    const output = flags.output;
    const kind = output === undefined ? 'svg' : output.toLowerCase().endsWith('.png') ? 'png' : output.toLowerCase().endsWith('.svg') ? 'svg' : null;
    if (kind === null) throw new UsageError(`cannot tell the picture format of '${output}': name a .svg or .png file`);
    if (flags.scale !== undefined && kind !== 'png') throw new UsageError('--scale applies to PNG pictures only');
    const { document } = await openGraphFile(io, positional[0]);
    const options: PlotOptions = { layout: layout as PlotOptions['layout'], showShapes: !flags['no-shapes'] };
    const svg = plotGraphSvg(document, options);
    if (output === undefined) {
      io.stdout(svg);
      return 0;
    }
    await writeUserFile(io, output, kind === 'png' ? svgToPng(svg, flags.scale ?? 2) : svg);
    io.stderr(`Wrote ${output}.\n`);
    return 0;
  },
};
