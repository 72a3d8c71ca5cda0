import { escapeHtml } from './escape.js';
import { AXIS_COLOR, type ChartFrame, dataAttributes, GRID_COLOR, legend, type LegendItem, n, niceTicks, openSvg, TEXT_COLOR, textWidth } from './svg.js';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  label: string;
  color: string;
  points: readonly LinePoint[];
}

export interface LineChartInput extends ChartFrame {
  series: readonly LineSeries[];
  formatX?: (value: number) => string;
  formatY?: (value: number) => string;
  xLabel: string;
  yLabel: string;
  /** A horizontal line across the plot, e.g. the budget. */
  reference?: { y: number; label: string; color?: string };
  /** A vertical line, e.g. the planned rate. */
  marker?: { x: number; label: string };
  /** Points drawn larger and outlined, e.g. the budget answer of each series. */
  highlights?: readonly (LinePoint & { label: string; color: string; data?: Record<string, string | number> })[];
  /** Whole numbers only on the x axis (deploys a day). */
  integerX?: boolean;
  width?: number;
  plotHeight?: number;
}

/**
 * Lines with axes: one `polyline.series-line` and one `circle.point` per point and series (with a tooltip and
 * its numbers in data attributes), an optional dashed reference line (`line.reference`) and vertical marker,
 * grid, axis captions and a legend. Both axes start at zero.
 */
export function lineChart(input: LineChartInput): string {
  const width = input.width ?? 900;
  const plotHeight = input.plotHeight ?? 280;
  const formatX = input.formatX ?? ((v: number) => String(v));
  const formatY = input.formatY ?? ((v: number) => String(v));
  const xs = input.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = input.series.flatMap((s) => s.points.map((p) => p.y));
  const xTicks = niceTicks(Math.max(0, ...xs, input.marker?.x ?? 0), 8, input.integerX);
  const yTicks = niceTicks(Math.max(0, ...ys, input.reference?.y ?? 0), 5);
  const xTop = xTicks[xTicks.length - 1]!;
  const yTop = yTicks[yTicks.length - 1]!;

  const left = 12 + 18 + Math.max(...yTicks.map((t) => textWidth(formatY(t))));
  const right = 16;
  const top = 14;
  const plotWidth = width - left - right;
  const axisHeight = 44;
  const legendItems: LegendItem[] = input.series.map((s) => ({ label: s.label, color: s.color, mark: 'line' }));
  if (input.reference) legendItems.push({ label: input.reference.label, color: input.reference.color ?? TEXT_COLOR, mark: 'dash' });
  const legendBox = legend(legendItems, left, top + plotHeight + axisHeight, plotWidth);
  const height = top + plotHeight + axisHeight + legendBox.height + 6;
  const px = (value: number) => left + (value / xTop) * plotWidth;
  const py = (value: number) => top + plotHeight - (Math.max(0, value) / yTop) * plotHeight;

  const out: string[] = [openSvg(input, 'line-chart', width, height)];
  out.push(`<g class="axis axis-y" fill="${TEXT_COLOR}">`);
  for (const tick of yTicks) {
    out.push(
      `<line x1="${n(left)}" x2="${n(left + plotWidth)}" y1="${n(py(tick))}" y2="${n(py(tick))}" stroke="${tick === 0 ? AXIS_COLOR : GRID_COLOR}"/>` +
        `<text x="${n(left - 6)}" y="${n(py(tick) + 4)}" text-anchor="end">${escapeHtml(formatY(tick))}</text>`,
    );
  }
  const cy = top + plotHeight / 2;
  out.push(`<text class="axis-label" x="12" y="${n(cy)}" transform="rotate(-90 12 ${n(cy)})" text-anchor="middle">${escapeHtml(input.yLabel)}</text></g>`);
  out.push(`<g class="axis axis-x" fill="${TEXT_COLOR}" text-anchor="middle">`);
  for (const tick of xTicks) {
    out.push(
      `<line x1="${n(px(tick))}" x2="${n(px(tick))}" y1="${n(top)}" y2="${n(top + plotHeight)}" stroke="${tick === 0 ? AXIS_COLOR : GRID_COLOR}"/>` +
        `<text x="${n(px(tick))}" y="${n(top + plotHeight + 16)}">${escapeHtml(formatX(tick))}</text>`,
    );
  }
  out.push(`<text class="axis-label" x="${n(left + plotWidth / 2)}" y="${n(top + plotHeight + 34)}">${escapeHtml(input.xLabel)}</text></g>`);

  if (input.marker) {
    const mx = px(input.marker.x);
    out.push(
      `<g class="marker"><line x1="${n(mx)}" x2="${n(mx)}" y1="${n(top)}" y2="${n(top + plotHeight)}" stroke="${AXIS_COLOR}" stroke-dasharray="2 3"/>` +
        `<text x="${n(mx + 4)}" y="${n(top + 10)}" fill="${AXIS_COLOR}">${escapeHtml(input.marker.label)}</text></g>`,
    );
  }
  if (input.reference) {
    const ry = py(input.reference.y);
    const color = escapeHtml(input.reference.color ?? TEXT_COLOR);
    const label = input.reference.label;
    out.push(
      `<g class="reference-group"><line class="reference" x1="${n(left)}" x2="${n(left + plotWidth)}" y1="${n(ry)}" y2="${n(ry)}" stroke="${color}" stroke-width="2" stroke-dasharray="6 4" data-value="${escapeHtml(input.reference.y)}"/>` +
        `<text x="${n(left + plotWidth - 4)}" y="${n(ry - 6)}" text-anchor="end" fill="${color}">${escapeHtml(label)}</text></g>`,
    );
  }
  input.series.forEach((series) => {
    const color = escapeHtml(series.color);
    const label = escapeHtml(series.label);
    const path = series.points.map((p) => `${n(px(p.x))},${n(py(p.y))}`).join(' ');
    out.push(`<g class="series" data-series="${label}"><polyline class="series-line" points="${path}" fill="none" stroke="${color}" stroke-width="2.5" stroke-linejoin="round"/>`);
    for (const p of series.points) {
      out.push(
        `<circle class="point" cx="${n(px(p.x))}" cy="${n(py(p.y))}" r="3.5" fill="${color}" data-series="${label}" data-x="${escapeHtml(p.x)}" data-y="${escapeHtml(p.y)}">` +
          `<title>${escapeHtml(`${series.label}: ${formatY(p.y)} at ${formatX(p.x)}`)}</title></circle>`,
      );
    }
    out.push('</g>');
  });
  for (const h of input.highlights ?? []) {
    out.push(
      `<circle class="highlight" cx="${n(px(h.x))}" cy="${n(py(h.y))}" r="7" fill="none" stroke="${escapeHtml(h.color)}" stroke-width="2.5"${dataAttributes(h.data)}>` +
        `<title>${escapeHtml(h.label)}</title></circle>`,
    );
  }
  out.push(legendBox.svg, '</svg>');
  return out.join('');
}
