const BARS = '▁▂▃▄▅▆▇█';

/** A one-line chart of a daily series: the lowest value is ▁, the highest █ (all ▁ when flat). */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => BARS[max === min ? 0 : Math.round(((v - min) / (max - min)) * (BARS.length - 1))]).join('');
}
