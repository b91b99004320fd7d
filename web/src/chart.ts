// Charts with uPlot (about 20 KB gzipped, canvas, fast on thousands of
// points). Each chart also has its numbers as a table for screen readers.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const BLUE = '#1d4f91';

const TZ = 7 * 3600;  // the office's zone, as the server counts days
const pad = (n: number) => String(n).padStart(2, '0');
// Labels in the office's time: "14:00" for hours (with "30/10" at midnight), "30/10" for days.
function label(v: number, hours: boolean): string {
  const d = new Date((v + TZ) * 1000);
  const day = `${d.getUTCDate()}/${d.getUTCMonth() + 1}`;
  if (!hours) return day;
  return `${pad(d.getUTCHours())}:00` + (d.getUTCHours() === 0 ? `\n${day}` : '');
}

export function barChart(name: string, xs: number[], ys: number[], opts: { hours?: boolean } = {}): HTMLElement {
  const box = document.createElement('div');
  box.className = 'chart';
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', name);
  const step = opts.hours ? 3600 : 86400;
  const make = () => {
    const width = Math.max(260, Math.min(box.clientWidth || 600, 1300));
    return new uPlot({
      width, height: 180,
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - step * 0.6, max + step * 0.6] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
      },
      axes: [
        { stroke: '#333', grid: { stroke: '#e3e3e3' }, incrs: [step, step * 2, step * 3, step * 6, step * 12, step * 24, step * 48],
          values: (_u, vals) => vals.map((v) => label(v, !!opts.hours)) },
        { stroke: '#333', grid: { stroke: '#e3e3e3' } },
      ],
      series: [{}, { label: name, stroke: BLUE, fill: 'rgba(29,79,145,0.25)', width: 2, paths: uPlot.paths.bars!({ size: [0.7, 60] }), points: { show: false } }],
    }, [xs, ys], box);
  };
  requestAnimationFrame(() => { if (box.isConnected) make(); });
  return box;
}
