const round = (value: number, places: number) => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

/** Money in the report: US dollars to 6 decimals (a fraction of a cent stays visible, float noise does not). */
export const roundUSD = (value: number) => round(value, 6);
/** Monthly quantities to 4 decimals. */
export const roundQuantity = (value: number) => round(value, 4);
export const roundFactor = (value: number) => round(value, 6);

/** A record with its keys sorted and its values mapped, so JSON does not depend on insertion order. */
export function sortedRecord(values: Record<string, number>, map: (v: number) => number): Record<string, number> {
  return Object.fromEntries(
    Object.keys(values)
      .sort()
      .map((k) => [k, map(values[k]!)]),
  );
}
