import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the statistics draw is bundled (ECharts' modular build): bars, a line, their grid and
// tooltip, the aria description, and the SVG renderer (sharp at any zoom, and its text and shapes
// are in the page for screen readers and tests, which a canvas is not).
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export interface CountChartProps {
  /** A line for a series in time (months), bars for the others. */
  kind: 'line' | 'bar';
  /** What the chart shows, read out by screen readers. */
  title: string;
  labels: string[];
  counts: number[];
  language: string;
  direction: 'ltr' | 'rtl';
  height?: number;
}

/**
 * Counts by key, drawn with ECharts. Numbers are formatted in the user's language; right to left,
 * the categories run from the right and the value axis stands on the right.
 */
export default function CountChart({
  kind,
  title,
  labels,
  counts,
  language,
  direction,
  height = 280,
}: CountChartProps) {
  const element = useRef<HTMLDivElement>(null);
  // The arrays are compared by content, so a re-render with the same figures draws nothing again.
  const data = JSON.stringify({ labels, counts });
  useEffect(() => {
    const { labels, counts } = JSON.parse(data) as { labels: string[]; counts: number[] };
    const chart = echarts.init(element.current!, undefined, {
      renderer: 'svg',
      // jsdom (component tests) measures nothing: fall back to a fixed width there.
      width: element.current!.clientWidth || 600,
      height,
    });
    const number = new Intl.NumberFormat(language);
    const rtl = direction === 'rtl';
    chart.setOption({
      aria: { enabled: true, label: { description: title } },
      animation: false,
      grid: { left: rtl ? 16 : 48, right: rtl ? 48 : 16, top: 16, bottom: 32, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) => number.format(Number(value)),
      },
      xAxis: {
        type: 'category',
        data: labels,
        inverse: rtl,
        axisLabel: { hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        position: rtl ? 'right' : 'left',
        axisLabel: { formatter: (value: number) => number.format(value) },
      },
      series: [
        { type: kind, name: title, data: counts, ...(kind === 'line' ? { smooth: false } : {}) },
      ],
    });
    const resize = () => chart.resize({ width: element.current?.clientWidth || 600 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [kind, title, data, language, direction, height]);
  return <div ref={element} data-testid="chart" style={{ width: '100%', height }} />;
}
