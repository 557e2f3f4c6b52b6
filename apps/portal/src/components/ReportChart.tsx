/**
 * A report's figure as bars (Apache ECharts, loaded on first use so that sign-in does not wait for it).
 * What is drawn is what the report's table declares (`chart`: a label column, the columns stacked,
 * the rows), read from the table's own cells, so chart and table cannot disagree. The table stays the
 * accessible form of the same numbers; the chart is an image named by its figures in words.
 */
import { useEffect, useMemo, useRef } from 'react';

export interface ReportTable {
  title: string;
  columns: { kind: string }[];
  rows: { cells: (string | number | null)[]; style?: string }[];
  chart?: { label: number; series: { name: string; column: number }[]; rows: number[] };
}

interface Bars {
  readonly labels: string[];
  readonly series: { name: string; values: number[] }[];
  readonly unit: string;
}

/** The bars the table declares, in triệu đồng for money columns; undefined when it declares none. */
export function chartBars(table: ReportTable): Bars | undefined {
  const { chart } = table;
  if (!chart || chart.rows.length === 0) return undefined;
  const money = table.columns[chart.series[0]?.column ?? -1]?.kind === 'trieu';
  const rows = chart.rows.map((i) => table.rows[i]!);
  return {
    labels: rows.map((r) => String(r.cells[chart.label] ?? '')),
    series: chart.series.map(({ name, column }) => ({
      name,
      values: rows.map((r) => Number(r.cells[column] ?? 0) / (money ? 1_000_000 : 1)),
    })),
    unit: money ? 'triệu đồng' : 'đề án',
  };
}

export function ReportChart({ table }: { table: ReportTable }) {
  const element = useRef<HTMLDivElement>(null);
  const bars = useMemo(() => chartBars(table), [table]);
  const number = useMemo(() => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 }), []);
  useEffect(() => {
    if (!bars || !element.current) return;
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const resize = () => chart?.resize();
    void (async () => {
      const { init } = await import('./echarts');
      if (disposed || !element.current) return;
      const instance = init(element.current, undefined, { renderer: 'svg' });
      instance.setOption({
        animation: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
        grid: { left: 8, right: 72, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${number.format(Number(v))} ${bars.unit}` },
        xAxis: { type: 'value', name: bars.unit, axisLabel: { formatter: (v: number) => number.format(v) } },
        yAxis: { type: 'category', inverse: true, data: bars.labels.map((l) => (l.length > 48 ? `${l.slice(0, 46)}…` : l)) },
        // ECharts' own palette starts with a blue and a green: KCĐP and KCQG apart also without colour (the legend names them).
        series: bars.series.map(({ name, values }) => ({ type: 'bar', stack: 'total', name, data: values })),
      });
      chart = instance;
      window.addEventListener('resize', resize);
    })();
    return () => {
      disposed = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [bars, number]);
  if (!bars) return null;
  const description = `Biểu đồ ${table.title} (${bars.unit}): ${bars.labels
    .map((label, i) => `${label}: ${bars.series.map((s) => `${s.name} ${number.format(s.values[i]!)}`).join(', ')}`)
    .join('; ')}`;
  return (
    <div
      ref={element}
      role="img"
      aria-label={description}
      style={{ width: '100%', height: Math.max(160, 36 * bars.labels.length + 80), marginTop: 16 }}
    />
  );
}
