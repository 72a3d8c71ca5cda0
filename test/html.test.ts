// --format html without a browser: escaping, the chart functions on hand-made inputs, and the page as text.
// Then the same pages in headless Chromium (playwright-core, /usr/bin/chromium).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barChart, escapeHtml, lineChart, linkify, niceTicks, renderHtml, stackedBarChart } from '../src/report/html/index.js';
import { formatCount, formatQuantity, formatUSD } from '../src/report/format.js';
import type { EstimateReport } from '../src/report/model.js';
import type { PlanReport } from '../src/report/plan-model.js';
import { cli } from './helpers/run.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '</title><script>alert(1)</script>',
  ']]><!-- --> &amp; &#x3c;',
  '<svg onload=alert(1)>',
];

/**
 * A small well-formedness check of XML: tags nest and close, attributes are quoted and unique, and text and
 * attribute values hold no raw `<` and no `&` that does not start an entity the escaper writes.
 */
function expectWellFormedXml(xml: string): void {
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  const entity = /&(?!(?:amp|lt|gt|quot|#39);)/;
  const stack: string[] = [];
  let last = 0;
  for (const m of xml.matchAll(token)) {
    const text = xml.slice(last, m.index);
    expect(text, `text before <${m[2]}>`).not.toMatch(/[<>]/);
    expect(text).not.toMatch(entity);
    const [, closing, name, attributes, selfClosing] = m;
    const names = [...attributes!.matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => {
      expect(a[2]).not.toMatch(entity);
      return a[1];
    });
    expect(new Set(names).size, `duplicate attribute on <${name}>`).toBe(names.length);
    if (closing) expect(stack.pop(), `</${name}> closes`).toBe(name);
    else if (!selfClosing) stack.push(name!);
    last = m.index + m[0].length;
  }
  expect(xml.slice(last)).toBe('');
  expect(stack).toEqual([]);
}

const count = (s: string, pattern: RegExp) => [...s.matchAll(pattern)].length;

describe('escapeHtml', () => {
  it('escapes the five characters of HTML and XML syntax', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it.each(HOSTILE)('leaves no markup in %j', (hostile) => {
    const escaped = escapeHtml(hostile);
    expect(escaped).not.toMatch(/[<>"']/);
    expect(escaped).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39);)/);
    // Reversing the five entities gives the text back: nothing else was changed.
    expect(escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')).toBe(hostile);
  });

  it('escapes entities again (they are text in a report), and any value, not only strings', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
    expect(escapeHtml(3)).toBe('3');
    expect(escapeHtml(null)).toBe('null');
  });

  it('replaces control characters and lone surrogates (not allowed in XML) with U+FFFD, keeps real characters', () => {
    expect(escapeHtml('a\u0000b\u001bc\u007f')).toBe('a\uFFFDb\uFFFDc\uFFFD');
    expect(escapeHtml('tab\tnew\nline')).toBe('tab\tnew\nline');
    expect(escapeHtml('x\uD800y\uDC00')).toBe('x\uFFFDy\uFFFD');
    expect(escapeHtml('€ 📦 é')).toBe('€ 📦 é');
  });
});

describe('linkify', () => {
  it('links http(s) URLs, escaped, with trailing punctuation left out', () => {
    expect(linkify('DOMAIN.md §1; https://aws.amazon.com/config/pricing/?a=1&b=2.')).toBe(
      'DOMAIN.md §1; <a href="https://aws.amazon.com/config/pricing/?a=1&amp;b=2" rel="noreferrer">https://aws.amazon.com/config/pricing/?a=1&amp;b=2</a>.',
    );
  });

  it('links nothing else: javascript: stays text, a quote ends a URL', () => {
    expect(linkify('javascript:alert(1)')).toBe('javascript:alert(1)');
    const html = linkify('https://example.com/"onmouseover="alert(1)');
    expect(html).toBe('<a href="https://example.com/" rel="noreferrer">https://example.com/</a>&quot;onmouseover=&quot;alert(1)');
  });
});

describe('niceTicks', () => {
  it('runs from zero to a round value at or above the maximum', () => {
    expect(niceTicks(112)).toEqual([0, 25, 50, 75, 100, 125]);
    expect(niceTicks(408.6)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceTicks(0.284)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(20, 8, true)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('stackedBarChart', () => {
  const svg = stackedBarChart({
    id: 'daily',
    title: 'CIs per day',
    desc: 'three days',
    categories: ['2026-10-03', '2026-10-04', '2026-10-05'],
    series: [
      { label: 'AWS::ECS::Service', values: [1, 0, 2], color: '#4e79a7' },
      { label: 'AWS::ECS::TaskDefinition', values: [3, 4, 0], color: '#f28e2b' },
    ],
    integer: true,
  });

  it('is well-formed SVG with a <title> and <desc> that label it', () => {
    expectWellFormedXml(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" [^>]*viewBox="0 0 900 \d+"/);
    expect(svg).toContain('aria-labelledby="daily-title daily-desc"');
    expect(svg).toContain('<title id="daily-title">CIs per day</title><desc id="daily-desc">three days</desc>');
  });

  it('draws one stack per category and one bar per non-zero value, heights in proportion', () => {
    expect(count(svg, /<g class="stack"/g)).toBe(3);
    expect(count(svg, /<rect class="bar"/g)).toBe(4);
    const bars = [...svg.matchAll(/<rect class="bar"[^>]* height="([\d.]+)"[^>]* data-value="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const perUnit = bars[0]![0]! / bars[0]![1]!;
    for (const [height, value] of bars) expect(height).toBeCloseTo(value! * perUnit, 1);
    expect(svg).toContain('data-category="2026-10-04" data-total="4"');
  });

  it('has a legend entry per series and escapes what it is given', () => {
    expect(count(svg, /class="legend-item"/g)).toBe(2);
    const hostile = stackedBarChart({ id: 'x', title: HOSTILE[0]!, desc: HOSTILE[1]!, categories: [HOSTILE[2]!], series: [{ label: HOSTILE[5]!, values: [1], color: '#000' }] });
    expectWellFormedXml(hostile);
    expect(hostile).not.toMatch(/<script|<img|<svg onload/);
  });
});

describe('barChart', () => {
  const svg = barChart({
    id: 'sets',
    title: 'Cost per rule set',
    desc: 'three sets',
    bars: [
      { label: 'none', value: 7.521 },
      { label: 'containers-2022', value: 10.497, range: { low: 9.771, high: 11.3451, label: 'P10 to P90' }, data: { 'rule-set': 'containers-2022' } },
      { label: 'empty', value: 0 },
    ],
    formatValue: formatUSD,
  });

  it('is well-formed SVG with one bar per datum (a zero is a zero-width bar), labels and values', () => {
    expectWellFormedXml(svg);
    expect(count(svg, /<rect class="bar"/g)).toBe(3);
    expect(svg).toMatch(/<rect class="bar"[^>]* width="0"[^>]* data-label="empty" data-value="0"/);
    expect(count(svg, /class="bar-label"/g)).toBe(3);
    expect(svg).toContain('>$10.50</text>');
    expect(svg).toContain('data-rule-set="containers-2022"');
  });

  it('draws the range whisker where there is one, widths in proportion', () => {
    expect(count(svg, /<g class="range"/g)).toBe(1);
    const widths = [...svg.matchAll(/<rect class="bar"[^>]* width="([\d.]+)"[^>]* data-value="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(widths[0]![0]! / widths[0]![1]!).toBeCloseTo(widths[1]![0]! / widths[1]![1]!, 1);
  });

  it('shortens a long label and keeps it whole in the tooltip', () => {
    const long = 'x'.repeat(200);
    const out = barChart({ id: 'l', title: 't', desc: 'd', bars: [{ label: long, value: 1 }] });
    expect(out).toContain(`<title>${long}</title>`);
    expect(out).toContain('…</text>');
  });
});

describe('lineChart', () => {
  const svg = lineChart({
    id: 'sweep',
    title: 'Sweep',
    desc: 'two sets',
    series: [
      { label: 'none', color: '#4e79a7', points: [1, 2, 3, 4].map((x) => ({ x, y: 14.4 * x })) },
      { label: 'containers-2022', color: '#f28e2b', points: [1, 2, 3, 4].map((x) => ({ x, y: 21 * x })) },
    ],
    xLabel: 'deploys per service per day',
    yLabel: 'USD per month',
    reference: { y: 50, label: 'budget $50.00' },
    marker: { x: 2, label: 'planned' },
    highlights: [{ x: 3, y: 43.2, label: 'none within budget', color: '#4e79a7' }],
    integerX: true,
  });

  it('is well-formed SVG with a line per series, a point per value, the reference line and a legend', () => {
    expectWellFormedXml(svg);
    expect(count(svg, /<polyline class="series-line"/g)).toBe(2);
    expect(count(svg, /<circle class="point"/g)).toBe(8);
    expect(count(svg, /<line class="reference"[^>]* data-value="50"/g)).toBe(1);
    expect(count(svg, /class="legend-item"/g)).toBe(3);
    expect(count(svg, /<circle class="highlight"/g)).toBe(1);
    expect(svg).toContain('>deploys per service per day</text>');
    expect(svg).toContain('>USD per month</text>');
  });

  it('places points by value: higher cost, higher on the page; the budget line between', () => {
    const points = [...svg.matchAll(/<circle class="point" cx="([\d.]+)" cy="([\d.]+)"[^>]* data-x="([\d.]+)" data-y="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
    const budgetY = Number(/<line class="reference"[^>]* y1="([\d.]+)"/.exec(svg)![1]);
    for (const [, cy, , y] of points) expect(cy! < budgetY).toBe(y! > 50);
    const none = points.slice(0, 4);
    for (let i = 1; i < none.length; i++) {
      expect(none[i]![0]).toBeGreaterThan(none[i - 1]![0]!);
      expect(none[i]![1]).toBeLessThan(none[i - 1]![1]!);
    }
  });
});

/** The reports, built once by the CLI in-process as `--format json` prints them (fresh copies for each caller). */
const ESTIMATE_ARGS = ['estimate', '--events', 'examples/cloudtrail', '--rules', 'containers-2022', '--rules', 'security-hub-fsbp', '--format', 'json'];
const PLAN_ARGS = ['plan', '--services', '20', '--deploys-per-day', '10', '--tasks-per-service', '3', '--rules', 'none', '--rules', 'containers-2022', '--budget', '200', '--format', 'json'];
const runs = new Map<string, Promise<string>>();
async function jsonReport<R>(args: string[]): Promise<R> {
  const key = args.join(' ');
  if (!runs.has(key)) {
    runs.set(
      key,
      cli(args).then((run) => {
        if (run.code !== 0) throw new Error(`config-cost ${key} exited ${run.code}: ${run.stderr}`);
        return run.stdout;
      }),
    );
  }
  return JSON.parse(await runs.get(key)!) as R;
}
const estimateJson = () => jsonReport<EstimateReport>(ESTIMATE_ARGS);
const planJson = () => jsonReport<PlanReport>(PLAN_ARGS);

/** Nothing that loads or runs: no script, no external URL in a src, a stylesheet link, an import or url(). */
function expectSelfContained(html: string): void {
  expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
  expect(html).toContain(`default-src 'none'`);
  expect(html).not.toMatch(/@import|url\(/i);
  const allowed = new Set(['html', 'head', 'meta', 'link', 'title', 'style', 'body', 'main', 'header', 'footer', 'section', 'article', 'figure', 'figcaption',
    'h1', 'h2', 'h3', 'p', 'dl', 'dt', 'dd', 'ul', 'li', 'a', 'strong', 'small', 'span', 'code', 'br', 'div', 'details', 'summary',
    'wbr', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'svg', 'g', 'rect', 'line', 'polyline', 'circle', 'text', 'desc']);
  for (const m of html.matchAll(/<([a-zA-Z][\w-]*)((?:[^>"]|"[^"]*")*)>/g)) {
    expect(allowed, `<${m[1]}>`).toContain(m[1]);
    const attributes = m[2]!.replace(/"[^"]*"/g, '""');
    expect(attributes, `<${m[1]}${m[2]}>`).not.toMatch(/\s(?:src|on\w+|srcdoc|xlink:href)=/i);
    for (const href of m[2]!.matchAll(/\shref="([^"]*)"/g)) expect(href[1]).toMatch(m[1] === 'link' ? /^data:,$/ : /^(https?:\/\/|#)/);
  }
}

describe('renderHtml', () => {
  it('an estimate: self-contained, the headline figures as in the JSON', async () => {
    const report = await estimateJson();
    const html = renderHtml(report);
    expectSelfContained(html);
    expect(html).toContain('data-report="estimate"');
    for (const set of report.ruleSets) {
      expect(html).toContain(`data-rule-set="${set.name}" data-monthly-usd="${set.monthlyCostUSD.total}">${formatUSD(set.monthlyCostUSD.total)}</span>`);
      expect(html).toContain(`data-p10-usd="${set.monthlyCostRangeUSD!.p10}">${formatUSD(set.monthlyCostRangeUSD!.p10)}</span>`);
    }
    expect(count(html, /<svg /g)).toBe(4);
    for (const svg of html.match(/<svg [\s\S]*?<\/svg>/g)!) expectWellFormedXml(svg);
  });

  it('a plan: the sweep, the budget and the budget answers', async () => {
    const report = await planJson();
    const html = renderHtml(report);
    expectSelfContained(html);
    expect(html).toContain('data-report="plan"');
    expect(html).toContain(`data-budget-usd="200">$200.00</span>`);
    expect(count(html, /<circle class="point"/g)).toBe(report.sweep.length * report.ruleSets.length);
    for (const set of report.ruleSets) expect(html).toContain(`data-max-deploys-per-day="${set.maxDeploysPerDayWithinBudget}"`);
    for (const svg of html.match(/<svg [\s\S]*?<\/svg>/g)!) expectWellFormedXml(svg);
  });

  it('escapes hostile resource types, rule and rule-set names, file paths and reasons', async () => {
    const html = renderHtml(hostileReport(await estimateJson()));
    expectSelfContained(html);
    for (const hostile of HOSTILE) expect(html).not.toContain(hostile);
    expect(html).toContain('&lt;script&gt;alert(&quot;type&quot;)&lt;/script&gt;');
    expect(html).toContain('/tmp/&lt;iframe src=&quot;https://evil.example/&quot;&gt;.json');
    for (const svg of html.match(/<svg [\s\S]*?<\/svg>/g)!) expectWellFormedXml(svg);
  });
});

/** The estimate with hostile names wherever the input or a catalog could put text. */
function hostileReport(report: EstimateReport): EstimateReport {
  const r = structuredClone(report);
  const type = 'AWS::ECS::Service';
  const evilType = 'AWS::ECS::<script>alert("type")</script>';
  const rename = <T>(record: Record<string, T>, from: string, to: string) => {
    if (from in record) {
      record[to] = record[from]!;
      delete record[from];
    }
  };
  const cis = r.configurationItems;
  for (const b of [cis.observed, cis.monthly, cis.monthlyCostUSD]) rename(b.byResourceType, type, evilType);
  rename(cis.daily.byResourceType, type, evilType);
  for (const a of r.recordingAdvice) if (a.resourceType === type) a.resourceType = evilType;
  const set = r.ruleSets[0]!;
  set.name = 'containers-"><img src=x onerror=alert(1)>';
  const rule = set.rules[0]!;
  const evilRule = "ecs-' onmouseover='alert(1)";
  for (const map of [set.ruleEvaluations.monthly.byRule, set.ruleEvaluations.observed.byRule, set.monthlyCostUSD.byRule, set.marginalCostUSD]) rename(map, rule.name, evilRule);
  rule.name = evilRule;
  rule.source = 'javascript:alert(1)';
  r.warnings.push({ file: '/tmp/<iframe src="https://evil.example/">.json', record: 3, reason: '</title><script>alert(1)</script>' });
  r.skipped.byReason['<svg onload=alert(1)>'] = 1;
  r.assumptions[0]!.source = 'https://example.com/"onmouseover="alert(1) ]]><!-- --> &amp; &#x3c;';
  return r;
}

// ---------------------------------------------------------------------------------------------------------
// In a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core.

const CHROMIUM = '/usr/bin/chromium';
const SKIP_BROWSER = process.env.CONFIG_COST_SKIP_BROWSER === '1';
if (SKIP_BROWSER) {
  console.warn('test/html.test.ts: CONFIG_COST_SKIP_BROWSER=1: the HTML report is NOT tested in a browser (those tests are skipped).');
}

interface Loaded {
  page: Page;
  url: string;
  /** Console errors, page errors, failed requests, dialogs: any is a failure. */
  problems: string[];
  /** Every request the page made: only the document itself when the page is self-contained. */
  requests: string[];
}

describe.skipIf(SKIP_BROWSER)(`the HTML report in headless Chromium (${CHROMIUM})`, () => {
  let browser: Browser | undefined;
  let dir = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}, and the HTML report is tested in a real browser. ` +
          'Install it (apt-get install -y chromium) or set CONFIG_COST_SKIP_BROWSER=1 to skip these tests.',
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'config-cost-html-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  /** Writes the page to the temp folder and opens it from a file:// URL, recording anything that goes wrong. */
  async function load(html: string, name: string, options: { bypassCSP?: boolean } = {}): Promise<Loaded> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: options.bypassCSP ?? false });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console error: ${m.text()}`)));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => void problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on('request', (r) => void requests.push(r.url()));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const url = pathToFileURL(file).href;
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.ok()).toBe(true);
    return { page, url, problems, requests };
  }

  /** A full-page PNG in the temp folder; its path is printed. */
  async function screenshot(page: Page, name: string): Promise<string> {
    const path = join(dir, `${name}.png`);
    // Chromium now and then refuses a capture of a tall page on a busy machine ("Unable to capture screenshot"): once more.
    await page.screenshot({ path, fullPage: true }).catch(() => page.screenshot({ path, fullPage: true }));
    const png = readFileSync(path);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(20_000);
    console.log(`screenshot: ${path}`);
    return path;
  }

  /** Checks every page makes: nothing wrong, nothing fetched, every chart labelled and valid, fits, prints. */
  async function expectSoundPage(loaded: Loaded, name: string): Promise<void> {
    const { page } = loaded;
    expect(loaded.problems).toEqual([]);
    expect(loaded.requests).toEqual([loaded.url]);
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('svg.chart')].map((svg) => {
        const xml = new DOMParser().parseFromString(svg.outerHTML, 'image/svg+xml');
        const box = svg.getBoundingClientRect();
        const labelledBy = (svg.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
        return {
          id: svg.id,
          xmlError: xml.getElementsByTagName('parsererror').length > 0,
          width: box.width,
          height: box.height,
          labels: labelledBy,
          caption: svg.closest('figure')?.querySelector('figcaption')?.textContent ?? '',
        };
      }),
    );
    for (const chart of charts) {
      expect(chart.xmlError, `${chart.id} parses as SVG`).toBe(false);
      expect(chart.labels.length, `${chart.id} has a title and a desc`).toBe(2);
      for (const label of chart.labels) expect(label.length).toBeGreaterThan(3);
      expect(chart.caption.length, `${chart.id} has a caption in the page`).toBeGreaterThan(10);
      expect(chart.width).toBeGreaterThan(800);
      expect(chart.width).toBeLessThanOrEqual(1000);
      expect(chart.height).toBeGreaterThan(50);
    }
    // Every amount, count and quantity shows its data attribute, formatted.
    const shown = await page.evaluate(() =>
      (['usd', 'count', 'quantity'] as const).flatMap((kind) => [...document.querySelectorAll(`[data-${kind}]`)].map((e) => ({ kind, value: Number(e.getAttribute(`data-${kind}`)), text: e.textContent }))),
    );
    expect(shown.length).toBeGreaterThan(20);
    const format = { usd: formatUSD, count: formatCount, quantity: formatQuantity };
    for (const s of shown) expect(s.text).toBe(format[s.kind](s.value));
    // Laptop widths: nothing wider than the window, no table scrolling sideways (open the collapsed ones
    // too), the text column at most 1040px.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => void (d.open = true)));
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      const fit = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, main: document.querySelector('main')!.getBoundingClientRect().width,
        wideTables: [...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth).map((w) => w.querySelector('table')!.className || w.querySelector('caption')?.textContent || 'a table'),
      }));
      expect(fit.scroll, `no horizontal scroll at ${width}px`).toBeLessThanOrEqual(fit.client);
      expect(fit.main).toBeLessThanOrEqual(1040);
      expect(fit.wideTables, `tables that scroll sideways at ${width}px`).toEqual([]);
    }
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => void (d.open = false)));
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, name);
    // Print: the page in print media at the width of A4 less the page margins (186 mm, about 703 CSS px).
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 700, height: 1000 });
    const printed = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, charts: [...document.querySelectorAll('svg.chart')].map((s) => s.getBoundingClientRect().width) }));
    expect(printed.scroll).toBeLessThanOrEqual(printed.client);
    for (const w of printed.charts) expect(w).toBeLessThanOrEqual(printed.client);
    await screenshot(page, `${name}-print`);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(loaded.problems).toEqual([]);
  }

  describe('an estimate of the sample with two rule sets', () => {
    let report: EstimateReport;
    let loaded: Loaded;
    beforeAll(async () => {
      report = await estimateJson();
      loaded = await load(renderHtml(report), 'estimate');
    }, 60_000);

    it('renders with no console error and no failed request, fetches nothing, fits a laptop, prints; screenshot', async () => {
      await expectSoundPage(loaded, 'estimate');
    });

    it('draws the charts: daily CIs stacked by type, a bar per rule set, the top rules of each set', async () => {
      const sets = report.ruleSets;
      const dom = await loaded.page.evaluate(() => ({
        charts: [...document.querySelectorAll('svg.chart')].map((s) => s.id),
        stacks: document.querySelectorAll('#chart-daily g.stack').length,
        legend: [...document.querySelectorAll('#chart-daily .legend-item')].map((e) => e.textContent),
        segments: [...document.querySelectorAll('#chart-daily rect.bar')].map((r) => ({
          series: r.getAttribute('data-series')!,
          day: r.getAttribute('data-category')!,
          value: Number(r.getAttribute('data-value')),
          height: (r as SVGRectElement).getBBox().height,
          screen: r.getBoundingClientRect().height,
        })),
        setBars: [...document.querySelectorAll('#chart-rule-sets rect.bar')].map((r) => ({ label: r.getAttribute('data-label'), value: Number(r.getAttribute('data-value')), width: r.getBoundingClientRect().width })),
        whiskers: document.querySelectorAll('#chart-rule-sets g.range').length,
        ruleBars: [...document.querySelectorAll('rect.bar[data-marginal-usd]')].map((r) => ({ set: r.getAttribute('data-rule-set'), rule: r.getAttribute('data-rule'), usd: Number(r.getAttribute('data-marginal-usd')) })),
      }));
      expect(dom.charts).toEqual(['chart-daily', 'chart-rule-sets', ...sets.map((_, i) => `chart-rules-${i}`)]);
      const daily = report.configurationItems.daily;
      const types = Object.keys(daily.byResourceType).filter((t) => daily.byResourceType[t]!.some((v) => v > 0));
      expect(dom.stacks).toBe(daily.days.length);
      expect(dom.legend).toEqual([...types].sort());
      // One segment per type and day with CIs, each with the JSON's value, heights in proportion to it.
      const expected = types.flatMap((t) => daily.days.flatMap((day, i) => (daily.byResourceType[t]![i]! > 0 ? [`${t} ${day} ${daily.byResourceType[t]![i]}`] : [])));
      expect(dom.segments.map((s) => `${s.series} ${s.day} ${s.value}`).sort()).toEqual(expected.sort());
      const perCi = dom.segments[0]!.height / dom.segments[0]!.value;
      for (const s of dom.segments) {
        expect(Math.abs(s.height - s.value * perCi)).toBeLessThan(0.05);
        expect(s.screen).toBeGreaterThan(0);
      }
      expect(dom.setBars.map((b) => [b.label, b.value])).toEqual(sets.map((s) => [s.name, s.monthlyCostUSD.total]));
      expect(dom.setBars[1]!.width / dom.setBars[0]!.width).toBeCloseTo(sets[1]!.monthlyCostUSD.total / sets[0]!.monthlyCostUSD.total, 2);
      expect(dom.whiskers).toBe(sets.filter((s) => s.monthlyCostRangeUSD).length);
      const top = sets.flatMap((set) =>
        [...set.rules]
          .sort((a, b) => set.marginalCostUSD[b.name]! - set.marginalCostUSD[a.name]! || (a.name < b.name ? -1 : 1))
          .slice(0, 10)
          .map((r) => ({ set: set.name, rule: r.name, usd: set.marginalCostUSD[r.name]! })),
      );
      expect(dom.ruleBars).toEqual(top);
      expect(dom.ruleBars.length).toBe(20);
    });

    it('shows the numbers of the JSON report: headline, ranges, parts, CIs per type, advice, input, assumptions', async () => {
      const dom = await loaded.page.evaluate(() => {
        const all = (selector: string) => [...document.querySelectorAll(selector)];
        return {
          headline: all('[data-rule-set][data-monthly-usd]').map((e) => [e.getAttribute('data-rule-set'), Number(e.getAttribute('data-monthly-usd')), e.textContent]),
          p10: all('[data-p10-usd]').map((e) => [e.getAttribute('data-rule-set'), Number(e.getAttribute('data-p10-usd'))]),
          p90: all('[data-p90-usd]').map((e) => [e.getAttribute('data-rule-set'), Number(e.getAttribute('data-p90-usd'))]),
          parts: all('table.rule-set-costs tbody tr').map((tr) => [tr.getAttribute('data-rule-set'), Object.fromEntries(all('[data-part]').filter((e) => tr.contains(e)).map((e) => [e.getAttribute('data-part'), Number(e.getAttribute('data-usd'))]))]),
          types: all('table.configuration-items tbody tr[data-resource-type]').map((tr) => [
            tr.getAttribute('data-resource-type'),
            ...['observed', 'monthly', 'monthlyCost'].map((part) => {
              const e = tr.querySelector(`[data-part="${part}"]`)!;
              return Number(e.getAttribute('data-count') ?? e.getAttribute('data-quantity') ?? e.getAttribute('data-usd'));
            }),
          ]),
          total: Number(document.querySelector('table.configuration-items [data-part="monthlyCost-total"]')!.getAttribute('data-usd')),
          advice: all('table.recording-advice tbody tr').map((tr) => [tr.getAttribute('data-resource-type'), tr.getAttribute('data-recommended'), ...['continuous', 'daily', 'excluded'].map((o) => Number(tr.querySelector(`[data-option="${o}"]`)!.getAttribute('data-usd')))]),
          events: Object.fromEntries(all('[data-event-class]').map((e) => [e.getAttribute('data-event-class'), Number(e.getAttribute('data-count'))])),
          files: Object.fromEntries(all('[data-files]').map((e) => [e.getAttribute('data-files'), Number(e.getAttribute('data-count'))])),
          warnings: Number(document.querySelector('[data-warnings-count]')!.getAttribute('data-warnings-count')),
          skipped: document.querySelector('.skipped-reasons')!.textContent,
          assumptions: all('table.assumptions tbody tr').map((tr) => [tr.getAttribute('data-assumption-id'), tr.getAttribute('data-value')]),
          text: document.body.innerText,
        };
      });
      const sets = report.ruleSets;
      expect(dom.headline).toEqual(sets.map((s) => [s.name, s.monthlyCostUSD.total, formatUSD(s.monthlyCostUSD.total)]));
      expect(dom.p10).toEqual(sets.map((s) => [s.name, s.monthlyCostRangeUSD!.p10]));
      expect(dom.p90).toEqual(sets.map((s) => [s.name, s.monthlyCostRangeUSD!.p90]));
      expect(dom.parts).toEqual(
        sets.map((s) => [
          s.name,
          { ruleEvaluations: s.monthlyCostUSD.ruleEvaluations, resourceCompliance: s.monthlyCostUSD.resourceCompliance, configurationItems: s.monthlyCostUSD.configurationItems, total: s.monthlyCostUSD.total, setup: s.setupCostUSD },
        ]),
      );
      const cis = report.configurationItems;
      const types = Object.keys(cis.observed.byResourceType).filter((t) => cis.observed.byResourceType[t]! > 0).sort();
      expect(dom.types).toEqual(types.map((t) => [t, cis.observed.byResourceType[t], cis.monthly.byResourceType[t], cis.monthlyCostUSD.byResourceType[t]]));
      expect(dom.total).toBe(cis.monthlyCostUSD.total);
      expect(dom.advice).toEqual(report.recordingAdvice.map((a) => [a.resourceType, a.recommended, a.monthlyCostUSD.continuous, a.monthlyCostUSD.daily, a.monthlyCostUSD.excluded]));
      expect(dom.events).toEqual({ ...report.events, skippedRecords: report.skipped.records });
      expect(dom.files).toEqual(report.files);
      expect(dom.warnings).toBe(report.warnings.length);
      expect(dom.skipped).toBe('Nothing skipped.');
      expect(dom.assumptions).toEqual(report.assumptions.map((a) => [a.id, String(a.value)]));
      // The same figures as text a reader sees (and a screen reader reads), not only inside the charts.
      for (const s of sets) {
        expect(dom.text).toContain(`${formatUSD(s.monthlyCostUSD.total)} per month`);
        expect(dom.text).toContain(`Range ${formatUSD(s.monthlyCostRangeUSD!.p10)} (P10) to ${formatUSD(s.monthlyCostRangeUSD!.p90)} (P90)`);
      }
    });
  });

  describe('a plan with a budget', () => {
    let report: PlanReport;
    let loaded: Loaded;
    beforeAll(async () => {
      report = await planJson();
      loaded = await load(renderHtml(report), 'plan');
    }, 60_000);

    it('renders with no console error and no failed request, fetches nothing, fits a laptop, prints; screenshot', async () => {
      await expectSoundPage(loaded, 'plan');
    });

    it('draws the sweep: a line per rule set, a point per deploy rate at the JSON cost, the budget line between', async () => {
      const dom = await loaded.page.evaluate(() => {
        const center = (e: Element) => {
          const b = e.getBoundingClientRect();
          return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
        };
        const budget = document.querySelector('#chart-sweep line.reference')!;
        return {
          charts: [...document.querySelectorAll('svg.chart')].map((s) => s.id),
          lines: document.querySelectorAll('#chart-sweep polyline.series-line').length,
          points: [...document.querySelectorAll('#chart-sweep circle.point')].map((c) => ({ set: c.getAttribute('data-series'), x: Number(c.getAttribute('data-x')), y: Number(c.getAttribute('data-y')), screen: center(c) })),
          budget: { value: Number(budget.getAttribute('data-value')), y: center(budget).y },
          rings: [...document.querySelectorAll('#chart-sweep circle.highlight')].map((c) => [c.getAttribute('data-rule-set'), Number(c.getAttribute('data-max-deploys-per-day'))]),
          legend: [...document.querySelectorAll('#chart-sweep .legend-item')].map((e) => e.textContent),
        };
      });
      const sets = report.ruleSets;
      expect(dom.charts).toEqual(['chart-sweep', 'chart-plan-cis', 'chart-rule-sets', 'chart-rules-1']);
      expect(dom.lines).toBe(sets.length);
      expect(dom.points.map((p) => [p.set, p.x, p.y])).toEqual(sets.flatMap((s) => report.sweep.map((p) => [s.name, p.deploysPerDay, p.monthlyCostUSD[s.name]])));
      expect(dom.budget.value).toBe(report.budgetUSD);
      for (const p of dom.points) expect(p.screen.y < dom.budget.y, `${p.set} at ${p.x}: $${p.y} against the budget`).toBe(p.y > report.budgetUSD!);
      for (const set of sets) {
        const xs = dom.points.filter((p) => p.set === set.name);
        for (let i = 1; i < xs.length; i++) expect(xs[i]!.screen.x).toBeGreaterThan(xs[i - 1]!.screen.x);
      }
      expect(dom.rings).toEqual(sets.map((s) => [s.name, s.maxDeploysPerDayWithinBudget]));
      expect(dom.legend).toEqual([...sets.map((s) => s.name), 'budget $200.00']);
    });

    it('shows the numbers of the JSON report: headline, budget answers, the sweep, CIs per type', async () => {
      const dom = await loaded.page.evaluate(() => {
        const all = (selector: string) => [...document.querySelectorAll(selector)];
        return {
          headline: all('[data-rule-set][data-monthly-usd]').map((e) => [e.getAttribute('data-rule-set'), Number(e.getAttribute('data-monthly-usd')), e.textContent]),
          budget: all('[data-budget-usd]').map((e) => [Number(e.getAttribute('data-budget-usd')), e.textContent]),
          answers: all('.card .budget').map((e) => [e.closest('.card')!.getAttribute('data-card'), e.getAttribute('data-max-deploys-per-day'), e.textContent]),
          sweep: all('table.sweep tbody tr').map((tr) => [Number(tr.getAttribute('data-deploys-per-day')), Number(tr.querySelector('[data-quantity]')!.getAttribute('data-quantity')), ...[...tr.querySelectorAll('[data-usd]')].map((e) => [e.getAttribute('data-rule-set'), Number(e.getAttribute('data-usd'))])]),
          types: all('table.configuration-items tbody tr[data-resource-type]').map((tr) => [tr.getAttribute('data-resource-type'), Number(tr.querySelector('[data-part="monthly"]')!.getAttribute('data-quantity')), Number(tr.querySelector('[data-part="monthlyCost"]')!.getAttribute('data-usd'))]),
          text: document.body.innerText,
        };
      });
      const sets = report.ruleSets;
      expect(dom.headline).toEqual(sets.map((s) => [s.name, s.monthlyCostUSD.total, formatUSD(s.monthlyCostUSD.total)]));
      expect(dom.budget).toEqual([[200, '$200.00']]);
      expect(dom.answers).toEqual(sets.map((s) => [s.name, String(s.maxDeploysPerDayWithinBudget), `Within $200.00: at most ${s.maxDeploysPerDayWithinBudget} deploys per service a day`]));
      expect(dom.sweep).toEqual(report.sweep.map((p) => [p.deploysPerDay, p.configurationItemsMonthly, ...sets.map((s) => [s.name, p.monthlyCostUSD[s.name]])]));
      const cis = report.configurationItems;
      const types = Object.keys(cis.monthly.byResourceType).filter((t) => cis.monthly.byResourceType[t]! > 0).sort();
      expect(dom.types).toEqual(types.map((t) => [t, cis.monthly.byResourceType[t], cis.monthlyCostUSD.byResourceType[t]]));
      expect(dom.text).toContain('$144.00 per month with rule set none at 10.0 deploys');
    });
  });

  it('an estimate with hostile names: shown as text, no element or handler injected, nothing runs even with the CSP off', async () => {
    const report = hostileReport(await estimateJson());
    const loaded = await load(renderHtml(report), 'estimate-hostile', { bypassCSP: true });
    expect(loaded.problems).toEqual([]);
    expect(loaded.requests).toEqual([loaded.url]);
    const dom = await loaded.page.evaluate(() => ({
      injected: document.querySelectorAll('script, img, iframe, object, embed, body svg svg, [onerror], [onload], [onmouseover]').length,
      handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
      javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      headlineSet: document.querySelector('[data-monthly-usd]')!.getAttribute('data-rule-set'),
      text: document.body.textContent,
      charts: [...document.querySelectorAll('svg.chart')].map((s) => new DOMParser().parseFromString(s.outerHTML, 'image/svg+xml').getElementsByTagName('parsererror').length),
    }));
    expect(dom.injected).toBe(0);
    expect(dom.handlers).toEqual([]);
    expect(dom.javascriptLinks).toBe(0);
    expect(dom.headlineSet).toBe(report.ruleSets[0]!.name);
    for (const text of ['AWS::ECS::<script>alert("type")</script>', report.ruleSets[0]!.name, "ecs-' onmouseover='alert(1)", '/tmp/<iframe src="https://evil.example/">.json', '</title><script>alert(1)</script>', '<svg onload=alert(1)>']) {
      expect(dom.text).toContain(text);
    }
    expect(dom.charts.every((errors) => errors === 0)).toBe(true);
    await screenshot(loaded.page, 'estimate-hostile');
  });
});
