import { escapeHtml } from './escape.js';

/** The document shell, its stylesheet and small HTML helpers. No script, no external resource of any kind. */

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
.report { max-width: 1040px; margin: 0 auto; padding: 24px 20px 40px; }
h1 { font-size: 1.55rem; margin: 0 0 .3rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 .6rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.3rem 0 .4rem; overflow-wrap: anywhere; }
p { margin: .4rem 0; }
a { color: var(--accent); }
.lead { font-size: 1.05rem; margin: 0 0 .6rem; }
.muted, .note { color: var(--muted); }
.note { font-size: .86em; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 14px; margin: .8rem 0; font-size: .9rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 12px; margin: 1rem 0 .5rem; }
.card { border: 1px solid var(--line); border-top: 5px solid var(--swatch, var(--accent)); border-radius: 8px; padding: 10px 14px 12px; background: var(--panel); }
.card h3 { margin: 0 0 .2rem; font-size: .95rem; }
.card .amount { margin: 0; font-size: 1.9rem; font-weight: 650; line-height: 1.2; font-variant-numeric: tabular-nums; }
.card .amount small { font-size: .85rem; font-weight: 400; color: var(--muted); }
.card p { font-size: .86rem; margin: .25rem 0 0; }
.banner { border: 1px solid #d4a72c; background: #fff8c5; border-radius: 6px; padding: 8px 12px; margin: .8rem 0; }
figure { margin: .8rem 0 1rem; break-inside: avoid; }
figcaption { color: var(--muted); font-size: .86rem; margin-top: .3rem; }
svg.chart { display: block; width: 100%; height: auto; max-width: 100%; }
svg.chart text { font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; margin: .4rem 0 .8rem; }
table { border-collapse: collapse; width: 100%; font-size: .87rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); font-size: .86rem; padding: 0 0 .3rem; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
thead th { background: var(--panel); font-weight: 600; }
th.num, td.num { text-align: right; }
td.num { white-space: nowrap; }
tr.total td { font-weight: 600; }
table.sweep, table.events, table.files, table.skipped-reasons { width: auto; min-width: 50%; }
td.text { min-width: 16rem; }
td a { overflow-wrap: break-word; }
code.type { white-space: nowrap; }
code { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: .86em; }
.warnings code, dd code { overflow-wrap: anywhere; }
table.rules td:first-child { min-width: 14rem; }
table.assumptions td:first-child { min-width: 11rem; }
ul.plain { padding-left: 1.2rem; margin: .3rem 0; }
details { margin: .4rem 0 .8rem; }
details > summary { cursor: pointer; color: var(--accent); }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .35em; vertical-align: -.05em; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: .5rem; color: var(--muted); font-size: .8rem; }
@media (max-width: 560px) {
  body { font-size: 14px; }
  .report { padding: 14px 10px 28px; }
  dl.facts { grid-template-columns: minmax(0, 1fr); }
  dl.facts dd { margin-bottom: .3rem; }
}
@media print {
  @page { margin: 14mm 12mm; }
  :root { --panel: #ffffff; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 9.5pt; }
  .report { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; margin-top: 1.4rem; }
  h3 { break-after: avoid; }
  .card, figure, tr { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  th, td { padding: 2px 4px; }
  th.num { white-space: normal; }
  td code, td a { overflow-wrap: break-word; }
  code.type { white-space: normal; }
  code.type > span { display: inline-block; }
  td.text, table.assumptions td:first-child, table.rules td:first-child { min-width: 0; }
  details { display: none; }
}
`;

export interface PageInput {
  title: string;
  kind: 'estimate' | 'plan';
  body: string;
}

/**
 * A complete HTML document. The Content-Security-Policy allows inline styles and data: images only, so the
 * page can load nothing and run nothing, whatever a report holds.
 */
export function page(input: PageInput): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    '<meta name="generator" content="config-cost">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<main class="report" data-report="${input.kind}">`,
    input.body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export interface Column {
  /** Header text (escaped). */
  header: string;
  numeric?: boolean;
  /** A wide text column (wraps, with a minimum width). */
  text?: boolean;
}

/** A row: cells of trusted HTML (escape what comes from the report), optional attributes on the <tr>. */
export interface Row {
  cells: readonly string[];
  attributes?: string;
  total?: boolean;
}

/** A table in a horizontally scrolling wrapper (wide tables never widen the page). */
export function table(columns: readonly Column[], rows: readonly Row[], caption?: string, attributes = ''): string {
  const cls = (c: Column) => (c.numeric ? ' class="num"' : c.text ? ' class="text"' : '');
  // A header such as "evaluations/month" or "AWS::ECS::Service" may break after a slash or a "::".
  const head = columns.map((c) => `<th scope="col"${cls(c)}>${escapeHtml(c.header).replace(/(\/|::)/g, '$1<wbr>')}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = row.cells.map((cell, i) => `<td${cls(columns[i] ?? { header: '' })}>${cell}</td>`).join('');
      const trClass = row.total ? ' class="total"' : '';
      return `<tr${trClass}${row.attributes ? ` ${row.attributes}` : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table${attributes ? ` ${attributes}` : ''}>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A figure: the chart, and a caption in the page's text (not only inside the SVG). */
export function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${caption}</figcaption></figure>`;
}

/** A section with its heading; `id` is the renderer's own. */
export function section(id: string, heading: string, content: string): string {
  return `<section id="${id}" aria-labelledby="${id}-heading">\n<h2 id="${id}-heading">${escapeHtml(heading)}</h2>\n${content}\n</section>`;
}
