/** One bar group of the chart: a scenario, with one value (0–100) per transport. */
export interface ChartGroup {
  readonly label: string;
  readonly values: readonly number[];
}

const WIDTH = 820;
const HEIGHT = 380;
const PLOT = { left: 60, right: 20, top: 50, bottom: 90 };
const COLOURS = ['#1a73e8', '#a0c3f5', '#188038', '#a8dab5'];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A grouped bar chart of percentages as a standalone SVG document. */
export function percentBarChart(title: string, series: readonly string[], groups: readonly ChartGroup[]): string {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const groupWidth = plotWidth / groups.length;
  const barWidth = (groupWidth * 0.8) / series.length;
  const y = (percent: number) => PLOT.top + plotHeight * (1 - percent / 100);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const percent of [0, 25, 50, 75, 100]) {
    parts.push(
      `<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(percent)}" y2="${y(percent)}" stroke="#e0e0e0"/>`,
      `<text x="${PLOT.left - 8}" y="${y(percent) + 4}" text-anchor="end" fill="#5f6368">${percent}%</text>`,
    );
  }
  groups.forEach((group, groupIndex) => {
    const groupX = PLOT.left + groupIndex * groupWidth + groupWidth * 0.1;
    group.values.forEach((value, seriesIndex) => {
      const x = groupX + seriesIndex * barWidth;
      const clamped = Math.max(0, Math.min(100, value));
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(clamped).toFixed(1)}" width="${(barWidth - 3).toFixed(1)}" height="${(y(0) - y(clamped)).toFixed(1)}" fill="${COLOURS[seriesIndex % COLOURS.length]}"/>`,
        `<text x="${(x + barWidth / 2 - 1.5).toFixed(1)}" y="${(y(clamped) - 4).toFixed(1)}" text-anchor="middle" font-size="10">${formatPercent(value)}</text>`,
      );
    });
    parts.push(
      `<text x="${(groupX + groupWidth * 0.4).toFixed(1)}" y="${y(0) + 18}" text-anchor="middle">${escapeXml(group.label)}</text>`,
    );
  });
  series.forEach((name, seriesIndex) => {
    const x = PLOT.left + (seriesIndex % 2) * 330;
    const legendY = HEIGHT - 40 + Math.floor(seriesIndex / 2) * 18;
    parts.push(
      `<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${COLOURS[seriesIndex % COLOURS.length]}"/>`,
      `<text x="${x + 18}" y="${legendY}">${escapeXml(name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function formatPercent(value: number): string {
  return value >= 10 || value === 0 ? `${Math.round(value)}%` : `${value.toFixed(1)}%`;
}
