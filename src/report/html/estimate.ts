import { formatCount, formatQuantity, formatUnitPrice, formatUSD } from '../format.js';
import type { EstimateReport } from '../model.js';
import { escapeHtml, linkify } from './escape.js';
import { figure, page, section, table } from './page.js';
import {
  assumptionsSection,
  attr,
  configurationItemsTable,
  count,
  quantity,
  recordingAdviceSection,
  ruleSetCards,
  ruleSetCostSection,
  topRulesSection,
  usd,
} from './sections.js';
import { stackedBarChart } from './stacked-bar-chart.js';
import { colorAt } from './svg.js';

const minutes = (iso: string) => iso.replace(/:00Z$/, 'Z').replace('T', ' ');
const MAX_WARNINGS_SHOWN = 50;

function forecastText(report: EstimateReport): string {
  const f = report.forecast;
  if (f.month) {
    return `${f.month.month}: weekday rate × ${f.month.weekdays} weekdays + weekend rate × ${f.month.weekendDays} weekend days (window: ${f.month.windowWeekdays} weekdays, ${f.month.windowWeekendDays} weekend days)`;
  }
  return `monthly = observed × ${f.factor.toFixed(4)} (${f.monthDays}-day month / ${f.windowDays}-day window)`;
}

function header(report: EstimateReport): string {
  const first = report.ruleSets[0]!;
  const { window, forecast } = report;
  const trend = forecast.trend.configurationItemsPerDay;
  const unit = report.pricing.usageTypes.find((u) => u.usageType === report.recording.usageType);
  const unitPrice = unit && unit.tiers.length === 1 ? ` at ${formatUnitPrice(unit.tiers[0]!.usd)} each` : '';
  const recording = [`${report.recording.mode}${unitPrice}`];
  if (report.recording.recordTypes) recording.push(`only ${report.recording.recordTypes.join(', ')}`);
  if (report.recording.excludeTypes.length > 0) recording.push(`excluding ${report.recording.excludeTypes.join(', ')}`);
  const places = report.byAccountRegion.map((r) => `${r.account} ${r.region}`);
  const facts: [string, string][] = [
    ['Window', escapeHtml(`${minutes(window.from)} to ${minutes(window.to)} (${window.days} days, end exclusive)`)],
    ['Forecast', escapeHtml(forecastText(report))],
    [
      'Trend',
      escapeHtml(
        `CIs a day ${formatQuantity(trend.start)} to ${formatQuantity(trend.end)} over the window (${trend.slopePerDay >= 0 ? '+' : '−'}${Math.abs(trend.slopePerDay).toFixed(2)} a day), ${forecast.trend.applied ? 'applied' : 'not applied (--trend applies it)'}`,
      ),
    ],
    ['Recording', escapeHtml(recording.join('; '))],
    ['Accounts', escapeHtml(places.length === 0 ? 'none seen' : `${places.length}: ${places.slice(0, 4).join(', ')}${places.length > 4 ? ', …' : ''}`)],
    ['Input', `${count(report.files.read)} files read, ${count(report.events.read)} records read, ${count(report.events.counted)} counted (see <a href="#input">input accounting</a>)`],
  ];
  const several = report.ruleSets.length > 1 || first.rules.length > 0;
  return [
    '<header>',
    '<h1>AWS Config estimate for container resources</h1>',
    `<p class="lead"><strong>${escapeHtml(formatUSD(first.monthlyCostUSD.total))} per month</strong>${several ? ` with rule set <strong>${escapeHtml(first.name)}</strong>` : ''}, forecast from CloudTrail.</p>`,
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
    '</header>',
  ].join('\n');
}

function incompleteBanner(report: EstimateReport): string {
  if (!report.incomplete) return '';
  return `<p class="banner" role="alert" data-incomplete="true"><strong>Incomplete:</strong> ${count(report.skipped.files)} files and ${count(report.skipped.records)} records could not be used; the figures leave them out (see <a href="#input">input accounting</a>).</p>`;
}

/** Daily CIs stacked by resource type, the per-type table and the daily figures. */
function configurationItemsSection(report: EstimateReport): string {
  const cis = report.configurationItems;
  const daily = cis.daily;
  const dailyTypes = Object.keys(daily.byResourceType)
    .filter((t) => (daily.byResourceType[t] ?? []).some((v) => v > 0))
    .sort();
  const observedTypes = Object.keys(cis.observed.byResourceType).filter((t) => (cis.observed.byResourceType[t] ?? 0) > 0);
  const types = [...new Set([...dailyTypes, ...observedTypes])].sort();
  const color = (type: string) => colorAt(Math.max(0, types.indexOf(type)));
  const parts: string[] = [];
  if (daily.days.length > 0 && dailyTypes.length > 0) {
    const totals = daily.days.map((_, i) => dailyTypes.reduce((sum, t) => sum + (daily.byResourceType[t]?.[i] ?? 0), 0));
    const peak = Math.max(...totals);
    const peakDay = daily.days[totals.indexOf(peak)]!;
    const chart = stackedBarChart({
      id: 'chart-daily',
      title: 'Configuration items per day, by resource type',
      desc: `${daily.days.length} days from ${daily.days[0]} to ${daily.days[daily.days.length - 1]}; ${formatCount(cis.observed.total)} CIs in all, at most ${formatCount(peak)} on ${peakDay}. Types: ${dailyTypes.map((t) => `${t} ${formatCount(cis.observed.byResourceType[t] ?? 0)}`).join(', ')}.`,
      categories: daily.days,
      series: dailyTypes.map((t) => ({ label: t, values: daily.byResourceType[t] ?? [], color: color(t) })),
      formatCategory: (day) => day.slice(5),
      formatValue: (v) => formatCount(v),
      valueLabel: 'CIs per day',
      integer: true,
    });
    parts.push(
      figure(
        chart,
        escapeHtml(
          `Configuration items recorded per UTC day (${report.recording.mode} recording), stacked by resource type: ${formatCount(cis.observed.total)} over ${daily.days.length} days, at most ${formatCount(peak)} on ${peakDay}.`,
        ),
      ),
    );
  } else {
    parts.push('<p class="muted">No configuration items were recorded in the window.</p>');
  }
  parts.push(
    configurationItemsTable(
      types,
      [
        { header: 'observed', value: (t) => count(cis.observed.byResourceType[t] ?? 0, 'data-part="observed"') },
        { header: 'per month', value: (t) => quantity(cis.monthly.byResourceType[t] ?? 0, 'data-part="monthly"') },
        { header: 'per month USD', value: (t) => usd(cis.monthlyCostUSD.byResourceType[t] ?? 0, 'data-part="monthlyCost"') },
      ],
      [count(cis.observed.total, 'data-part="observed-total"'), quantity(cis.monthly.total, 'data-part="monthly-total"'), usd(cis.monthlyCostUSD.total, 'data-part="monthlyCost-total"')],
      color,
    ),
  );
  const zero = Object.keys(cis.observed.byResourceType).length - observedTypes.length;
  if (zero > 0) parts.push(`<p class="note">${escapeHtml(`${zero} other container resource types: no configuration items.`)}</p>`);
  const notRecorded = report.recording.notRecorded.observed;
  if (notRecorded.total > 0) {
    parts.push(
      `<p class="note">Not recorded by your recording settings: ${count(notRecorded.total)} CIs (${escapeHtml(Object.entries(notRecorded.byResourceType).map(([t, v]) => `${t} ${formatCount(v)}`).join(', '))}).</p>`,
    );
  }
  if (report.byAccountRegion.length > 1) {
    parts.push(
      '<h3>By account and region</h3>',
      table(
        [{ header: 'account' }, { header: 'region' }, { header: 'observed CIs', numeric: true }, { header: 'per month USD', numeric: true }],
        report.byAccountRegion.map((r) => ({
          attributes: `${attr('data-account', r.account)} ${attr('data-region', r.region)}`,
          cells: [`<code>${escapeHtml(r.account)}</code>`, escapeHtml(r.region), count(r.configurationItems.observed), usd(r.monthlyCostUSD)],
        })),
      ),
    );
  }
  if (daily.days.length > 0 && dailyTypes.length > 0) {
    parts.push(
      `<details><summary>The daily figures (${escapeHtml(formatCount(daily.days.length))} days)</summary>`,
      table(
        [{ header: 'day' }, ...dailyTypes.map((t) => ({ header: t, numeric: true })), { header: 'total', numeric: true }],
        daily.days.map((day, i) => ({
          attributes: attr('data-day', day),
          cells: [
            escapeHtml(day),
            ...dailyTypes.map((t) => escapeHtml(formatCount(daily.byResourceType[t]?.[i] ?? 0))),
            escapeHtml(formatCount(dailyTypes.reduce((sum, t) => sum + (daily.byResourceType[t]?.[i] ?? 0), 0))),
          ],
        })),
        undefined,
        'class="daily"',
      ),
      '</details>',
    );
  }
  return section('configuration-items', 'Configuration items', parts.join('\n'));
}

const EVENT_CLASSES: [keyof EstimateReport['events'], string][] = [
  ['read', 'read'],
  ['duplicates', 'duplicates'],
  ['outOfWindow', 'out of window'],
  ['failed', 'failed'],
  ['readOnly', 'read-only'],
  ['unrelated', 'unrelated'],
  ['counted', 'counted'],
];

/** Records read and how each was classified, files read and passed over, what was skipped and why. */
function inputSection(report: EstimateReport): string {
  const e = report.events;
  const f = report.files;
  const parts: string[] = [];
  parts.push(
    '<p>Every record read is classified once, in this order: duplicates, out of window, failed, read-only, unrelated, counted.</p>',
    table(
      [...EVENT_CLASSES.map(([, label]) => ({ header: label, numeric: true })), { header: 'skipped records', numeric: true }],
      [{ cells: [...EVENT_CLASSES.map(([key]) => count(e[key] as number, `data-event-class="${key}"`)), count(report.skipped.records, 'data-event-class="skippedRecords"')] }],
      'Records',
      'class="events"',
    ),
    table(
      [
        { header: 'read', numeric: true },
        { header: 'digest (passed over)', numeric: true },
        { header: 'Insights (passed over)', numeric: true },
        { header: 'skipped', numeric: true },
      ],
      [{ cells: [count(f.read, 'data-files="read"'), count(f.digest, 'data-files="digest"'), count(f.insights, 'data-files="insights"'), count(f.skipped, 'data-files="skipped"')] }],
      'Files',
      'class="files"',
    ),
  );
  const reasons = Object.entries(report.skipped.byReason);
  parts.push(
    reasons.length === 0
      ? '<p class="skipped-reasons">Nothing skipped.</p>'
      : table(
          [{ header: 'reason' }, { header: 'skipped', numeric: true }],
          reasons.map(([reason, n]) => ({ attributes: attr('data-skip-reason', reason), cells: [`<code>${escapeHtml(reason)}</code>`, count(n)] })),
          `Skipped: ${formatCount(report.skipped.files)} files, ${formatCount(report.skipped.records)} records, by reason`,
          'class="skipped-reasons"',
        ),
  );
  const warnings = report.warnings;
  parts.push(`<p>Warnings: <strong data-warnings-count="${escapeHtml(warnings.length)}">${escapeHtml(formatCount(warnings.length))}</strong></p>`);
  if (warnings.length > 0) {
    parts.push(
      `<ul class="plain warnings">${warnings
        .slice(0, MAX_WARNINGS_SHOWN)
        .map((w) => `<li><code>${escapeHtml(w.file)}</code>${w.record === undefined ? '' : ` record ${escapeHtml(w.record)}`}: ${escapeHtml(w.reason)}</li>`)
        .join('')}</ul>`,
    );
    if (warnings.length > MAX_WARNINGS_SHOWN) parts.push(`<p class="note">… and ${escapeHtml(formatCount(warnings.length - MAX_WARNINGS_SHOWN))} more (the JSON report lists all).</p>`);
  }
  if (e.outOfWindow > 0 && e.outOfWindow * 2 >= e.read) {
    parts.push(`<p class="note">${escapeHtml(`${formatCount(e.outOfWindow)} of ${formatCount(e.read)} records fall outside the window; widen it with --days or --from/--to.`)}</p>`);
  }
  return section('input', 'Input accounting', parts.join('\n'));
}

function tiersText(tiers: EstimateReport['pricing']['usageTypes'][number]['tiers']): string {
  if (tiers.length === 1) return formatUnitPrice(tiers[0]!.usd);
  let from = 0;
  return tiers
    .map((t) => {
      const text = t.upTo === null ? `above ${formatCount(from)}: ${formatUnitPrice(t.usd)}` : `${formatCount(from + 1)}–${formatCount(t.upTo)}: ${formatUnitPrice(t.usd)}`;
      from = t.upTo ?? from;
      return text;
    })
    .join('; ');
}

function pricesSection(report: EstimateReport): string {
  const p = report.pricing;
  return section(
    'prices',
    'Prices used',
    `<p class="note">Graduated tiers pooled per ${p.tierScope === 'region' ? 'region across all accounts' : 'account and region'}, in ${escapeHtml(p.currency)}.</p>` +
      table(
        [{ header: 'usage type' }, { header: 'unit' }, { header: 'price' }, { header: 'status' }, { header: 'since' }, { header: 'source' }],
        p.usageTypes.map((u) => ({
          attributes: attr('data-usage-type', u.usageType),
          cells: [`<code>${escapeHtml(u.usageType)}</code>`, escapeHtml(u.unit), escapeHtml(tiersText(u.tiers)), escapeHtml(u.status), escapeHtml(u.since), `<span class="note">${linkify(u.source)}</span>`],
        })),
        undefined,
        'class="prices"',
      ),
  );
}

/** The estimate (and compare) report as a page. */
export function renderEstimateHtml(report: EstimateReport): string {
  const first = report.ruleSets[0]!;
  const withRules = report.ruleSets.some((s) => s.rules.length > 0);
  const body = [
    header(report),
    incompleteBanner(report),
    ruleSetCards(report.ruleSets, null),
    configurationItemsSection(report),
    ruleSetCostSection(report.ruleSets),
    withRules ? topRulesSection(report.ruleSets) : '',
    recordingAdviceSection(report.recordingAdvice, first),
    inputSection(report),
    assumptionsSection(report.assumptions),
    pricesSection(report),
    `<footer>Made by config-cost from its report model; <code>--format json</code> gives the same figures as data. Window ${escapeHtml(minutes(report.window.from))} to ${escapeHtml(minutes(report.window.to))}.</footer>`,
  ]
    .filter((part) => part !== '')
    .join('\n');
  return page({ title: `AWS Config estimate: ${formatUSD(first.monthlyCostUSD.total)} per month (${first.name})`, kind: 'estimate', body });
}
