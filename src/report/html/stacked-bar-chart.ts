import { escapeHtml } from './escape.js';
import { AXIS_COLOR, type ChartFrame, fitText, GRID_COLOR, legend, n, niceTicks, openSvg, TEXT_COLOR, textWidth } from './svg.js';

export interface StackedSeries {
  label: string;
  /** One value per category, in the categories' order. */
  values: readonly number[];
  color: string;
}

export interface StackedBarChartInput extends ChartFrame {
  categories: readonly string[];
  /** Bottom to top of every stack; the legend lists them in this order. */
  series: readonly StackedSeries[];
  /** Axis and tooltip text of a value (default: the number). */
  formatValue?: (value: number) => string;
  /** Axis label of a category (default: the category). */
  formatCategory?: (category: string) => string;
  /** Caption of the vertical axis. */
  valueLabel?: string;
  width?: number;
  plotHeight?: number;
  /** Whole numbers only on the value axis (counts). */
  integer?: boolean;
}

/**
 * Vertical stacked bars: one stack (`g.stack`) per category, one segment (`rect.bar`) per non-zero value of a
 * series, each with a <title> tooltip and its numbers in data attributes; value axis with grid, category
 * labels (thinned to fit), legend below.
 */
export function stackedBarChart(input: StackedBarChartInput): string {
  const width = input.width ?? 900;
  const plotHeight = input.plotHeight ?? 240;
  const formatValue = input.formatValue ?? ((v: number) => String(v));
  const formatCategory = input.formatCategory ?? ((c: string) => c);
  const totals = input.categories.map((_, i) => input.series.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0));
  const ticks = niceTicks(Math.max(0, ...totals), 5, input.integer);
  const top = ticks[ticks.length - 1]!;

  const left = Math.max(40, 12 + Math.max(...ticks.map((t) => textWidth(formatValue(t)))) + (input.valueLabel ? 18 : 0));
  const right = 12;
  const plotTop = 12;
  const plotWidth = width - left - right;
  const xLabelsHeight = 26;
  const legendBox = legend(
    input.series.map((s) => ({ label: s.label, color: s.color })),
    left,
    plotTop + plotHeight + xLabelsHeight + 8,
    plotWidth,
  );
  const height = plotTop + plotHeight + xLabelsHeight + 8 + legendBox.height + 6;
  const y = (value: number) => plotTop + plotHeight - (value / top) * plotHeight;

  const out: string[] = [openSvg(input, 'stacked-bar-chart', width, height)];
  // Value axis: grid lines and labels.
  out.push(`<g class="axis axis-y" fill="${TEXT_COLOR}">`);
  for (const tick of ticks) {
    out.push(
      `<line x1="${n(left)}" x2="${n(left + plotWidth)}" y1="${n(y(tick))}" y2="${n(y(tick))}" stroke="${tick === 0 ? AXIS_COLOR : GRID_COLOR}" stroke-width="1"/>` +
        `<text x="${n(left - 6)}" y="${n(y(tick) + 4)}" text-anchor="end">${escapeHtml(formatValue(tick))}</text>`,
    );
  }
  if (input.valueLabel) {
    const cy = plotTop + plotHeight / 2;
    out.push(`<text class="axis-label" x="12" y="${n(cy)}" transform="rotate(-90 12 ${n(cy)})" text-anchor="middle">${escapeHtml(input.valueLabel)}</text>`);
  }
  out.push('</g>');

  // Stacks.
  const count = input.categories.length;
  const band = count > 0 ? plotWidth / count : plotWidth;
  const barWidth = Math.max(1, band * 0.78);
  out.push('<g class="bars">');
  input.categories.forEach((category, i) => {
    const x = left + i * band + (band - barWidth) / 2;
    let base = 0;
    const segments: string[] = [];
    for (const series of input.series) {
      const value = series.values[i] ?? 0;
      if (!(value > 0)) continue;
      const y0 = y(base);
      const y1 = y(base + value);
      segments.push(
        `<rect class="bar" x="${n(x)}" y="${n(y1)}" width="${n(barWidth)}" height="${n(y0 - y1)}" fill="${escapeHtml(series.color)}"` +
          ` data-series="${escapeHtml(series.label)}" data-category="${escapeHtml(category)}" data-value="${escapeHtml(value)}">` +
          `<title>${escapeHtml(`${series.label}, ${category}: ${formatValue(value)}`)}</title></rect>`,
      );
      base += value;
    }
    out.push(`<g class="stack" data-category="${escapeHtml(category)}" data-total="${escapeHtml(totals[i])}">${segments.join('')}</g>`);
  });
  out.push('</g>');

  // Category labels, thinned so they do not overlap.
  const labelWidth = Math.max(...input.categories.map((c) => textWidth(formatCategory(c))), 1) + 10;
  const every = Math.max(1, Math.ceil(labelWidth / band));
  out.push(`<g class="axis axis-x" fill="${TEXT_COLOR}" text-anchor="middle">`);
  input.categories.forEach((category, i) => {
    if (i % every !== 0) return;
    const cx = left + i * band + band / 2;
    out.push(
      `<line x1="${n(cx)}" x2="${n(cx)}" y1="${n(plotTop + plotHeight)}" y2="${n(plotTop + plotHeight + 4)}" stroke="${AXIS_COLOR}"/>` +
        `<text x="${n(cx)}" y="${n(plotTop + plotHeight + 17)}">${escapeHtml(fitText(formatCategory(category), Math.max(band * every - 4, 12)))}</text>`,
    );
  });
  out.push('</g>');
  out.push(legendBox.svg, '</svg>');
  return out.join('');
}
