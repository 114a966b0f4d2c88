// Draws latency distributions as an SVG: one percentile curve per series (x: percentile,
// y: milliseconds on a log scale), so a tail shows as the curve's right end lifting.
export interface Series {
  name: string;
  samplesMs: number[];
}

const COLORS = ["#4f46e5", "#dc2626", "#059669", "#d97706", "#0891b2", "#7c3aed"];

export function percentileChart(title: string, series: Series[], width = 760, height = 380): string {
  const margin = { left: 64, right: 180, top: 40, bottom: 44 };
  const w = width - margin.left - margin.right;
  const h = height - margin.top - margin.bottom;
  const all = series.flatMap((s) => s.samplesMs).filter((v) => v > 0);
  const lo = Math.max(0.1, Math.min(...all));
  const hi = Math.max(...all);
  const logLo = Math.log10(lo);
  const logHi = Math.log10(hi) + 0.05;
  const y = (ms: number) => margin.top + h - ((Math.log10(Math.max(ms, lo)) - logLo) / (logHi - logLo)) * h;
  const x = (p: number) => margin.left + (p / 100) * w;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(`<text x="${margin.left}" y="24" font-size="15" font-weight="600">${escape(title)}</text>`);
  for (let decade = Math.floor(logLo); decade <= Math.ceil(logHi); decade++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** decade;
      if (v < lo || v > 10 ** logHi) continue;
      parts.push(`<line x1="${margin.left}" x2="${margin.left + w}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
      parts.push(`<text x="${margin.left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${v >= 1 ? v : v.toFixed(1)} ms</text>`);
    }
  }
  for (const p of [0, 25, 50, 75, 90, 99]) {
    parts.push(`<line x1="${x(p)}" x2="${x(p)}" y1="${margin.top}" y2="${margin.top + h}" stroke="#f3f3f3"/>`);
    parts.push(`<text x="${x(p)}" y="${margin.top + h + 16}" text-anchor="middle" fill="#555">p${p}</text>`);
  }
  parts.push(`<text x="${margin.left + w / 2}" y="${height - 6}" text-anchor="middle" fill="#333">percentile of requests</text>`);
  series.forEach((s, i) => {
    const sorted = [...s.samplesMs].sort((a, b) => a - b);
    if (!sorted.length) return;
    const points = Array.from({ length: 201 }, (_, k) => {
      const p = k / 2;
      const v = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * (sorted.length - 1)))];
      return `${x(p).toFixed(1)},${y(v).toFixed(1)}`;
    });
    const color = COLORS[i % COLORS.length];
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(" ")}"/>`);
    parts.push(`<rect x="${margin.left + w + 16}" y="${margin.top + i * 20}" width="12" height="12" fill="${color}"/>`);
    parts.push(`<text x="${margin.left + w + 34}" y="${margin.top + i * 20 + 10}">${escape(s.name)}</text>`);
  });
  parts.push(`</svg>`);
  return parts.join("\n");
}

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
