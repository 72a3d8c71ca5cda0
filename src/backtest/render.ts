/** The table view of a backtest report. */
import { PLAIN, type Paint } from '../report/color.js';
import { formatCount, formatUSD, renderColumns } from '../report/format.js';
import { formatRatio } from './compare.js';
import type { BacktestReport, BacktestRow } from './model.js';

const quantity = (v: number) => (Number.isInteger(v) ? formatCount(v) : v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

function off(row: BacktestRow): string {
  if (row.offPercent === null) return 'n/a';
  const sign = row.observed > row.modeled ? '+' : row.observed < row.modeled ? '-' : '';
  return `${sign}${row.offPercent.toFixed(1)} %`;
}

function rowsTable(first: string, rows: readonly BacktestRow[], paint: Paint, extra?: { header: string; cell: (r: BacktestRow) => string }): string[] {
  const header = [first, 'modeled', 'observed', 'ratio', 'off', '', ...(extra ? [extra.header] : [])];
  const body = rows.map((r) => [r.key, quantity(r.modeled), quantity(r.observed), formatRatio(r.ratio), off(r), r.flagged ? '!' : '', ...(extra ? [extra.cell(r)] : [])]);
  const numeric = new Set([1, 2, 3, 4]);
  const lines = renderColumns([header, ...body], numeric);
  return lines.map((line, i) => (i > 0 && rows[i - 1]!.flagged ? paint.warn(line) : i === 0 ? paint.dim(line) : line));
}

const date = (iso: string) => iso.replace(':00Z', 'Z').replace('T', ' ');

export function renderBacktestTable(report: BacktestReport, paint: Paint = PLAIN): string {
  const out: string[] = [];
  out.push(paint.bold(`AWS Config backtest: the model against what AWS recorded, ${date(report.window.from)} to ${date(report.window.to)} (${report.window.days} days)`));
  out.push(`Rule set '${report.ruleSet}', ${report.recording} recording; rows more than ${report.tolerancePercent} % off are flagged (!)`);
  const ci = report.configurationItems;
  if (ci) {
    const s = ci.source;
    out.push('', paint.bold(`Configuration items: ${s.kind === 'cloudwatch' ? 'CloudWatch' : 'file'} ${s.detail}, ${s.daysWithData === null ? 'totals over the window (no days)' : `${s.daysWithData} of ${s.windowDays} days with data`}`));
    out.push(...(ci.rows.length > 0 ? rowsTable('resource type', ci.rows, paint) : ['  no CIs modeled or observed']));
    if (ci.notModeled.length > 0) out.push(`  not modeled (not container types): ${ci.notModeled.map((n) => `${n.resourceType} ${quantity(n.observed)}`).join(', ')}`);
  }
  const ev = report.ruleEvaluations;
  if (ev) {
    const s = ev.source;
    out.push('', paint.bold(`Rule evaluations: CloudTrail PutEvaluations, ${formatCount(s.counted)} records with ${formatCount(s.evaluations)} evaluations (${formatCount(s.duplicates)} duplicate deliveries, ${formatCount(s.failed)} failed, ${formatCount(s.outOfWindow)} out of window left out)`));
    out.push(...(ev.rows.length > 0 ? rowsTable('rule', ev.rows, paint, { header: 'AWS rule names', cell: (r) => (r.awsRuleNames ?? []).join(', ') }) : ['  the rule set has no rules']));
    for (const u of ev.unmatched) out.push(`  not in the set: ${u.awsRuleName} ${quantity(u.observed)} (${u.reason})`);
  }
  const bill = report.billing;
  if (bill) {
    const s = bill.source;
    out.push('', paint.bold(`Billing: ${s.kind === 'cost-explorer' ? 'Cost Explorer' : 'Cost and Usage Report'} ${s.detail}${s.estimated ? ' (some days still estimated)' : ''}`));
    out.push(...(bill.rows.length > 0 ? rowsTable('usage type', bill.rows, paint, { header: 'billed', cell: (r) => formatUSD(s.costUSD[r.key] ?? 0) }) : ['  no AWS Config usage modeled or billed']));
    if (bill.notModeled.length > 0) out.push(`  not modeled: ${bill.notModeled.map((n) => `${n.usageType} ${quantity(n.quantity)} (${formatUSD(n.costUSD)})`).join(', ')}`);
  }
  const flagged = [ci?.rows ?? [], ev?.rows ?? [], bill?.rows ?? []].flat().filter((r) => r.flagged);
  out.push('', paint.bold(`Flagged: ${flagged.length} of ${report.summary.rows} rows`));
  for (const row of flagged) {
    out.push(`  ${row.key}${row.assumptionsActing.length > 0 ? ` (assumptions acting: ${row.assumptionsActing.map((a) => `${a.id}=${String(a.value)}`).join(', ')})` : ''}`);
    for (const line of row.explanation) out.push(`    ${line}`);
  }
  if (report.notes.length > 0) {
    out.push('', paint.bold('Notes'));
    for (const note of report.notes) out.push(`  ${note}`);
  }
  return `${out.join('\n')}\n`;
}
