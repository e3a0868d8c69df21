/** `items` cut into consecutive runs of at most `size` (to keep each statement under a driver's parameter limit). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let start = 0; start < items.length; start += size) runs.push(items.slice(start, start + size));
  return runs;
}
