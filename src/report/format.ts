/** Number formatting shared by the text formats. */
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatUSD = (value: number) => money.format(value);
const unitPrice = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 3, maximumFractionDigits: 6 });
/** A unit price such as $0.003, with the digits it has. */
export const formatUnitPrice = (value: number) => unitPrice.format(value);
export const formatCount = (value: number) => integer.format(value);
export const formatQuantity = (value: number) => decimal1.format(value);

/**
 * Pads every column: the `numeric` columns align right, the rest left (text reads better left-aligned).
 * By default every column after the first is numeric.
 */
export function renderColumns(rows: readonly (readonly string[])[], numeric?: ReadonlySet<number>, indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const isNumeric = (i: number) => (numeric ? numeric.has(i) : i > 0);
  return rows.map((row) => indent + row.map((cell, i) => (isNumeric(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('   ').trimEnd());
}
