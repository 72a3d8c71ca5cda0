import { escapeHtml } from './escape.js';
import { AXIS_COLOR, type ChartFrame, colorAt, dataAttributes, fitText, GRID_COLOR, n, niceTicks, openSvg, TEXT_COLOR, textWidth } from './svg.js';

export interface BarDatum {
  label: string;
  value: number;
  /** Text at the end of the bar (default: formatValue(value)). */
  valueLabel?: string;
  color?: string;
  /** A whisker over the bar, e.g. the P10 to P90 range of a monthly cost. */
  range?: { low: number; high: number; label: string };
  /** More `data-*` attributes on the bar (the numbers a test or a reader compares). */
  data?: Record<string, string | number>;
}

export interface BarChartInput extends ChartFrame {
  bars: readonly BarDatum[];
  formatValue?: (value: number) => string;
  /** Caption of the value axis, under it. */
  valueLabel?: string;
  width?: number;
  /** Widest space for the labels, as a share of the width (longer labels are shortened, in full in the tooltip). */
  maxLabelShare?: number;
}

/**
 * Horizontal bars, one `rect.bar` per datum in the given order, label on the left, value at the end, an
 * optional range whisker (`line.range`), value axis with grid at the bottom. Zero is a zero-width bar: the row
 * and its value stay visible.
 */
export function barChart(input: BarChartInput): string {
  const width = input.width ?? 900;
  const formatValue = input.formatValue ?? ((v: number) => String(v));
  const rowHeight = 28;
  const barHeight = 17;
  const top = 8;
  const max = Math.max(0, ...input.bars.map((b) => Math.max(b.value, b.range?.high ?? 0)));
  const ticks = niceTicks(max, 5);
  const domainTop = ticks[ticks.length - 1]!;

  const labelRoom = Math.min(width * (input.maxLabelShare ?? 0.38), Math.max(40, ...input.bars.map((b) => textWidth(b.label))) + 4);
  const left = 8 + labelRoom + 8;
  const valueRoom = Math.max(40, ...input.bars.map((b) => textWidth(b.valueLabel ?? formatValue(b.value)))) + 12;
  const plotWidth = width - left - valueRoom;
  const plotHeight = Math.max(1, input.bars.length) * rowHeight;
  const axisHeight = input.valueLabel ? 40 : 24;
  const height = top + plotHeight + axisHeight;
  const x = (value: number) => left + (Math.max(0, value) / domainTop) * plotWidth;

  const out: string[] = [openSvg(input, 'bar-chart', width, height)];
  out.push(`<g class="axis axis-x" fill="${TEXT_COLOR}" text-anchor="middle">`);
  for (const tick of ticks) {
    out.push(
      `<line x1="${n(x(tick))}" x2="${n(x(tick))}" y1="${n(top)}" y2="${n(top + plotHeight)}" stroke="${tick === 0 ? AXIS_COLOR : GRID_COLOR}"/>` +
        `<text x="${n(x(tick))}" y="${n(top + plotHeight + 16)}">${escapeHtml(formatValue(tick))}</text>`,
    );
  }
  if (input.valueLabel) {
    out.push(`<text class="axis-label" x="${n(left + plotWidth / 2)}" y="${n(top + plotHeight + 34)}">${escapeHtml(input.valueLabel)}</text>`);
  }
  out.push('</g><g class="bars">');
  input.bars.forEach((bar, i) => {
    const rowY = top + i * rowHeight;
    const barY = rowY + (rowHeight - barHeight) / 2;
    const cy = rowY + rowHeight / 2;
    const valueText = bar.valueLabel ?? formatValue(bar.value);
    const tooltip = `${bar.label}: ${valueText}${bar.range ? ` (${bar.range.label})` : ''}`;
    out.push(
      `<g class="row"><text class="bar-label" x="${n(left - 8)}" y="${n(cy + 4)}" text-anchor="end" fill="${TEXT_COLOR}">` +
        `<title>${escapeHtml(bar.label)}</title>${escapeHtml(fitText(bar.label, labelRoom))}</text>` +
        `<rect class="bar" x="${n(left)}" y="${n(barY)}" width="${n(x(bar.value) - left)}" height="${barHeight}" rx="2" fill="${escapeHtml(bar.color ?? colorAt(0))}"` +
        ` data-label="${escapeHtml(bar.label)}" data-value="${escapeHtml(bar.value)}"${dataAttributes(bar.data)}><title>${escapeHtml(tooltip)}</title></rect>`,
    );
    let end = x(bar.value);
    if (bar.range) {
      const x0 = x(bar.range.low);
      const x1 = x(bar.range.high);
      out.push(
        `<g class="range" stroke="${TEXT_COLOR}" stroke-width="1.5" data-low="${escapeHtml(bar.range.low)}" data-high="${escapeHtml(bar.range.high)}"><title>${escapeHtml(bar.range.label)}</title>` +
          `<line class="range" x1="${n(x0)}" x2="${n(x1)}" y1="${n(cy)}" y2="${n(cy)}"/>` +
          `<line x1="${n(x0)}" x2="${n(x0)}" y1="${n(cy - 5)}" y2="${n(cy + 5)}"/><line x1="${n(x1)}" x2="${n(x1)}" y1="${n(cy - 5)}" y2="${n(cy + 5)}"/></g>`,
      );
      end = Math.max(end, x1);
    }
    out.push(`<text class="bar-value" x="${n(end + 6)}" y="${n(cy + 4)}" fill="${TEXT_COLOR}">${escapeHtml(valueText)}</text></g>`);
  });
  out.push('</g></svg>');
  return out.join('');
}
