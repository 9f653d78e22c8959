import { ParallelChart as ParallelSeries } from 'echarts/charts';
import { ParallelComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import type { SweepState } from '../../../core/experiments/sweepState';
import { parallelChart } from './sweepChart';

use([ParallelSeries, ParallelComponent, TooltipComponent, SVGRenderer]);

const AXIS = { nameTextStyle: { color: '#8797aa' }, axisLine: { lineStyle: { color: '#344457' } }, axisLabel: { color: '#8797aa' } };

/** Settings against accuracy, one line per finished trial (ECharts' parallel coordinates); the best trial in the accent colour; a click on a line picks its trial. */
export function ParallelChart({ sweep, selected, onPick }: { sweep: SweepState; selected: number | null; onPick(trial: number): void }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const model = useMemo(() => parallelChart(sweep), [sweep]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (e) => {
      const trial = (e.data as { trial?: number } | undefined)?.trial;
      if (typeof trial === 'number') pick.current(trial);
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const option: EChartsCoreOption = {
      animation: false,
      tooltip: { trigger: 'item', formatter: (p: unknown) => `Trial ${String((p as { data?: { trial?: number } }).data?.trial ?? '')}` },
      parallel: { left: 50, right: 90, top: 40, bottom: 30 },
      parallelAxis: model.axes.map((axis, dim) => (axis.type === 'category' ? { dim, name: axis.name, type: 'category', data: [...axis.data], ...AXIS } : { dim, name: axis.name, type: 'value', scale: true, ...AXIS })),
      series: [
        {
          type: 'parallel',
          lineStyle: { width: 2, opacity: 0.75 },
          data: model.lines.map((line) => ({
            value: [...line.values] as (number | string)[],
            trial: line.trial,
            lineStyle: { color: line.best ? '#4fd1a5' : line.trial === selected ? '#ffb454' : '#5aa9ff', width: line.best || line.trial === selected ? 3.5 : 2 },
          })),
        },
      ],
    };
    chart.current?.setOption(option, true);
  }, [model, selected]);

  return (
    <section className="sweep-chart" data-testid="sweep-chart" data-lines={model.lines.length}>
      <h3>Settings against accuracy</h3>
      {model.lines.length === 0 && <p className="muted">Each finished trial draws a line from its settings to its accuracy.</p>}
      <div ref={host} className="sweep-chart__canvas" />
    </section>
  );
}
