import { ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SweepState } from '../../../core/experiments/sweepState';
import { TRADE_OFF_COSTS, tradeOffChart, type TradeOffCost } from './sweepChart';

use([ScatterChart, GridComponent, TooltipComponent, SVGRenderer]);

const AXIS = { nameTextStyle: { color: '#8797aa' }, axisLine: { lineStyle: { color: '#344457' } }, axisLabel: { color: '#8797aa' }, splitLine: { lineStyle: { color: '#263241' } }, scale: true };

/** Test error against a trial's cost (parameters, multiply-adds or time), the trials no other beats on both in green, the best ringed; a click picks a trial. */
export function TradeOffChart({ sweep, selected, onPick }: { sweep: SweepState; selected: number | null; onPick(trial: number): void }) {
  const [cost, setCost] = useState<TradeOffCost>('macs');
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const points = useMemo(() => tradeOffChart(sweep, cost), [sweep, cost]);

  useEffect(() => {
    const c = init(host.current!, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (e) => {
      const trial = (e.data as { trial?: number } | undefined)?.trial;
      if (typeof trial === 'number') pick.current(trial);
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(host.current!);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const label = TRADE_OFF_COSTS.find((c) => c.id === cost)!.label;
    const option: EChartsCoreOption = {
      animation: false,
      tooltip: { trigger: 'item', formatter: (p: unknown) => { const d = (p as { data: { trial: number; value: number[] } }).data; return `Trial ${d.trial}: ${(d.value[1] * 100).toFixed(2)}% error, ${d.value[0].toLocaleString('en-US')} ${label}`; } },
      grid: { left: 64, right: 24, top: 16, bottom: 44 },
      xAxis: { ...AXIS, type: cost === 'seconds' ? 'value' : 'log', name: label, nameLocation: 'middle', nameGap: 28 },
      yAxis: { ...AXIS, type: 'value', name: 'test error', nameLocation: 'middle', nameGap: 46, axisLabel: { ...AXIS.axisLabel, formatter: (v: number) => `${(v * 100).toFixed(1)}%` } },
      series: [
        {
          type: 'scatter',
          symbolSize: 11,
          data: points.map((p) => ({
            value: [p.cost, p.error],
            trial: p.trial,
            itemStyle: { color: p.front ? '#4fd1a5' : '#5aa9ff', borderColor: p.best || p.trial === selected ? '#ffb454' : 'transparent', borderWidth: 3 },
          })),
        },
      ],
    };
    chart.current?.setOption(option, true);
  }, [points, selected, cost]);

  return (
    <section className="sweep-chart" data-testid="tradeoff-chart" data-points={points.length} data-front={points.filter((p) => p.front).map((p) => p.trial).join(',')}>
      <h3>
        Error against{' '}
        <select value={cost} onChange={(e) => setCost(e.target.value as TradeOffCost)} data-testid="tradeoff-cost">
          {TRADE_OFF_COSTS.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </h3>
      {points.length === 0 && <p className="muted">Each finished trial is a point: its test error against its cost; the green ones no other trial beats on both.</p>}
      <div ref={host} className="sweep-chart__canvas" />
    </section>
  );
}
