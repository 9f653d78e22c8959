import { ScatterChart, LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { RegressionPoint } from '../../../core/api/contract';

use([ScatterChart, LineChart, GridComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

const AXIS = { nameTextStyle: { color: '#8797aa' }, axisLine: { lineStyle: { color: '#344457' } }, axisLabel: { color: '#8797aa' }, splitLine: { lineStyle: { color: '#263241' } }, scale: true };

/** One ECharts chart in a div, disposed with it. */
function Chart({ option, testId }: { readonly option: EChartsCoreOption; readonly testId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  useEffect(() => {
    const c = init(host.current!, undefined, { renderer: 'svg' });
    chart.current = c;
    return () => {
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={host} className="try-own__chart" data-testid={testId} />;
}

/**
 * A regression run's test samples: predicted against actual (with the line where they are
 * equal), and the residuals (actual − predicted) against the prediction, in the target's units.
 */
export function RegressionCharts({ points }: { readonly points: readonly RegressionPoint[] }) {
  const values = points.flatMap((p) => [p.actual, p.predicted]);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const tooltip = { trigger: 'item', formatter: (p: unknown) => points[(p as { dataIndex: number }).dataIndex]?.source ?? '' };
  const scatter: EChartsCoreOption = {
    animation: false,
    tooltip,
    grid: { left: 56, right: 16, top: 16, bottom: 40 },
    xAxis: { ...AXIS, name: 'actual', nameLocation: 'middle', nameGap: 26, min: lo, max: hi },
    yAxis: { ...AXIS, name: 'predicted', nameLocation: 'middle', nameGap: 40, min: lo, max: hi },
    series: [
      { type: 'scatter', symbolSize: 5, itemStyle: { color: '#5aa9ff', opacity: 0.7 }, data: points.map((p) => [p.actual, p.predicted]) },
      { type: 'line', data: [[lo, lo], [hi, hi]], symbol: 'none', lineStyle: { color: '#4fd1a5', type: 'dashed' }, tooltip: { show: false } },
    ],
  };
  const residuals: EChartsCoreOption = {
    animation: false,
    tooltip,
    grid: { left: 56, right: 16, top: 16, bottom: 40 },
    xAxis: { ...AXIS, name: 'predicted', nameLocation: 'middle', nameGap: 26 },
    yAxis: { ...AXIS, name: 'actual − predicted', nameLocation: 'middle', nameGap: 40 },
    series: [{ type: 'scatter', symbolSize: 5, itemStyle: { color: '#ffb454', opacity: 0.7 }, data: points.map((p) => [p.predicted, p.actual - p.predicted]), markLine: { silent: true, symbol: 'none', lineStyle: { color: '#4fd1a5' }, data: [{ yAxis: 0 }] } }],
  };
  return (
    <div className="try-own__charts" data-testid="regression-charts" data-points={points.length}>
      <figure>
        <figcaption>Predicted against actual</figcaption>
        <Chart option={scatter} testId="regression-scatter" />
      </figure>
      <figure>
        <figcaption>Residuals</figcaption>
        <Chart option={residuals} testId="regression-residuals" />
      </figure>
    </div>
  );
}
