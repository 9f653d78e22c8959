/** Pictures of a graph, as plot_model draws them. Pure SVG text; the CLI rasterises it to PNG. */
export { PLOT_FONT_FAMILY, plotGraphSvg, type PlotOptions } from './plotGraph';
