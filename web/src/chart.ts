// Charts with uPlot (about 20 KB gzipped, canvas, fast on thousands of
// points). Each chart also has its numbers as a table for screen readers.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const BLUE = '#1d4f91';

export function barChart(label: string, xs: number[], ys: number[], opts: { hours?: boolean } = {}): HTMLElement {
  const box = document.createElement('div');
  box.className = 'chart';
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', label);
  const make = () => {
    const width = Math.max(260, Math.min(box.clientWidth || 600, 900));
    const u = new uPlot({
      width, height: 180,
      tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Ho_Chi_Minh'),
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        { stroke: '#333', grid: { stroke: '#e3e3e3' }, values: opts.hours ? undefined : (_u, vals) => vals.map((v) => {
          const d = new Date(v * 1000); return `${d.getUTCDate()}/${d.getUTCMonth() + 1}`; }) },
        { stroke: '#333', grid: { stroke: '#e3e3e3' } },
      ],
      series: [{}, { label, stroke: BLUE, fill: 'rgba(29,79,145,0.25)', width: 2, paths: uPlot.paths.bars!({ size: [0.7, 40] }), points: { show: false } }],
    }, [xs, ys], box);
    return u;
  };
  requestAnimationFrame(() => { if (box.isConnected) make(); });
  return box;
}
