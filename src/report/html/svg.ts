import { escapeHtml } from './escape.js';

/** Shared pieces of the charts: the frame, scales, ticks, the legend, text measure. Pure string functions. */

/** Colour-blind-aware categorical palette (Tableau 10), in order. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;
export const colorAt = (index: number): string => PALETTE[index % PALETTE.length]!;

/** Chart font size in viewBox units; text widths are estimated from it (no layout engine here). */
export const FONT_SIZE = 12;
/** Average advance of a character of the system sans-serif, as a share of the font size (generous). */
const CHAR_WIDTH = 0.6;
export const textWidth = (text: string, fontSize = FONT_SIZE): number => text.length * fontSize * CHAR_WIDTH;

/** A number for SVG geometry: 2 decimals at most, no "-0". */
export const n = (value: number): string => {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
};

/** Shortens text to `maxWidth` with an ellipsis (the full text goes into a <title>). */
export function fitText(text: string, maxWidth: number, fontSize = FONT_SIZE): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = Math.max(1, Math.floor(maxWidth / (fontSize * CHAR_WIDTH)) - 1);
  return `${text.slice(0, chars)}…`;
}

/** A step of 1, 2, 2.5 or 5 x 10^k giving about `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
}

/** Ticks from 0 to the first nice value at or above `max` (0 and 1 when there is nothing to show). */
export function niceTicks(max: number, count = 5, integer = false): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  let step = niceStep(max, count);
  // Whole steps for counts: 2.5 becomes 2 (more ticks, never a fraction), below 1 becomes 1.
  if (integer && !Number.isInteger(step)) step = step < 1 ? 1 : Math.floor(step);
  const steps = Math.ceil(max / step - 1e-9);
  return Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

export interface ChartFrame {
  /** Unique in the page: the ids of <title> and <desc> derive from it. */
  id: string;
  title: string;
  desc: string;
}

/** Opens a chart: responsive (viewBox; CSS sets width 100%, height auto), labelled by its <title> and <desc>. */
export function openSvg(frame: ChartFrame, kind: string, width: number, height: number): string {
  const id = escapeHtml(frame.id);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${kind}" id="${id}" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}"` +
    ` role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="${FONT_SIZE}">` +
    `<title id="${id}-title">${escapeHtml(frame.title)}</title><desc id="${id}-desc">${escapeHtml(frame.desc)}</desc>`
  );
}

export interface LegendItem {
  label: string;
  color: string;
  /** 'swatch' (bars) or 'line' (series); 'dash' for a reference line. */
  mark?: 'swatch' | 'line' | 'dash';
}

/** The legend, wrapped into rows within `width`; returns the markup and its height. */
export function legend(items: readonly LegendItem[], x: number, y: number, width: number): { svg: string; height: number } {
  if (items.length === 0) return { svg: '', height: 0 };
  const rowHeight = 18;
  const parts: string[] = [];
  let cx = 0;
  let row = 0;
  for (const item of items) {
    const itemWidth = 18 + textWidth(item.label) + 18;
    if (cx > 0 && cx + itemWidth > width) {
      cx = 0;
      row += 1;
    }
    const ix = x + cx;
    const iy = y + row * rowHeight;
    const color = escapeHtml(item.color);
    const mark =
      item.mark === 'line'
        ? `<line x1="${n(ix)}" y1="${n(iy + 6)}" x2="${n(ix + 14)}" y2="${n(iy + 6)}" stroke="${color}" stroke-width="2.5"/>`
        : item.mark === 'dash'
          ? `<line x1="${n(ix)}" y1="${n(iy + 6)}" x2="${n(ix + 14)}" y2="${n(iy + 6)}" stroke="${color}" stroke-width="2" stroke-dasharray="4 3"/>`
          : `<rect x="${n(ix)}" y="${n(iy + 1)}" width="11" height="11" rx="2" fill="${color}"/>`;
    parts.push(`<g class="legend-item">${mark}<text x="${n(ix + 18)}" y="${n(iy + 11)}">${escapeHtml(item.label)}</text></g>`);
    cx += itemWidth;
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: (row + 1) * rowHeight };
}

/** `data-*` attributes from a record (keys are the renderer's own; values are escaped). */
export function dataAttributes(attributes: Readonly<Record<string, string | number>> | undefined): string {
  if (!attributes) return '';
  return Object.entries(attributes)
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join('');
}

/** Styling used by every chart: axes and grid in neutral greys, text in the page's colour. */
export const AXIS_COLOR = '#57606a';
export const GRID_COLOR = '#d8dee4';
export const TEXT_COLOR = '#1f2328';
