import { CategoryScale, Chart as ChartJS, Legend, LineElement, LinearScale, PointElement, Title, Tooltip, type ChartOptions, type PointStyle } from 'chart.js';
import { Line } from 'react-chartjs-2';
import type { Lang } from '../format.ts';
import type { ThemeName } from '../teams.ts';

// Only the parts of chart.js a line chart needs; this whole module is loaded with the Evalueringer view.
ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Title, Tooltip, Legend);

export interface TrendSeries {
  readonly id: string;
  readonly label: string;
  readonly values: readonly (number | null)[];
}

/** Line colours per theme (AA against the background), plus point shapes and dashes so lines differ without colour. */
const PALETTE: Record<ThemeName, { lines: string[]; text: string; grid: string }> = {
  default: { lines: ['#0f6cbd', '#c50f1f', '#0e700e', '#6b2fa0'], text: '#242424', grid: '#d1d1d1' },
  dark: { lines: ['#62abf5', '#f1707b', '#54b054', '#c4a8ff'], text: '#ffffff', grid: '#525252' },
  contrast: { lines: ['#ffff00', '#00ffff', '#ff00ff', '#ffffff'], text: '#ffffff', grid: '#ffffff' },
};
const POINTS: PointStyle[] = ['circle', 'rect', 'triangle', 'rectRot'];
const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3]];

const short = (text: string, max = 48) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function TrendChart({ labels, series, theme, title, lang }: { labels: string[]; series: TrendSeries[]; theme: ThemeName; title: string; lang: Lang }) {
  const colours = PALETTE[theme];
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  const options: ChartOptions<'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    locale,
    color: colours.text,
    plugins: {
      title: { display: true, text: title, color: colours.text, font: { size: 16 } },
      legend: { position: 'bottom', labels: { color: colours.text, usePointStyle: true, boxWidth: 40 } },
      tooltip: { callbacks: { title: (items) => items[0]?.label ?? '' } },
    },
    scales: {
      y: { min: 1, max: 5, ticks: { stepSize: 0.5, color: colours.text }, grid: { color: colours.grid } },
      x: { ticks: { color: colours.text }, grid: { color: colours.grid } },
    },
  };
  const data = {
    labels,
    datasets: series.map((s, i) => ({
      label: `${i + 1}. ${short(s.label)}`,
      data: [...s.values],
      borderColor: colours.lines[i % colours.lines.length],
      backgroundColor: colours.lines[i % colours.lines.length],
      pointStyle: POINTS[i % POINTS.length],
      pointRadius: 6,
      borderWidth: 3,
      borderDash: DASHES[i % DASHES.length],
      spanGaps: true,
    })),
  };
  return <Line options={options} data={data} aria-label={title} role="img" data-testid="trend-chart" />;
}
