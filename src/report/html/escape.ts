/**
 * Escaping for everything the HTML report takes from a report: resource types, rule names, file paths in
 * warnings, assumption texts. The page is parsed as HTML and its charts must also stand alone as SVG (XML),
 * so the output is safe in both: element text and quoted attribute values.
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** C0 controls (but tab, LF, CR) and DEL: not allowed in XML 1.0, parse errors in HTML. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** Halves of surrogate pairs with no other half: not characters, not encodable in UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text or attribute value, escaped: `& < > " '` become entities, control characters and lone surrogates
 * become U+FFFD. Anything is accepted and turned into a string first (`null` is "null").
 */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(CONTROL, '\uFFFD')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;

/**
 * Escaped text in which http(s) URLs become links (sources of assumptions and rules). Only http and https
 * are linked, so a `javascript:` source stays text; trailing punctuation stays out of the link.
 */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(/[.,;:)\]]+$/, '');
    const start = match.index;
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(text.slice(last));
}
