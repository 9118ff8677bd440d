// Axis ticks for the small SVG charts: round value steps (1, 2, 5 × 10ⁿ) and
// time ticks on whole minutes, so the labels read like a person would write them.

/**
 * Tick values from 0 to the smallest "nice" bound ≥ max, about `count` of them.
 * With `binary`, steps are nice in the largest power of 1024 below max (GiB, not 9.3 GB).
 */
export function valueTicks(max: number, count = 4, binary = false): number[] {
  if (!(max > 0)) return [0, 1];
  if (binary) {
    const unit = 1024 ** Math.max(0, Math.floor(Math.log(max) / Math.log(1024)));
    return valueTicks(max / unit, count).map((tick) => tick * unit);
  }
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const ticks: number[] = [];
  for (let value = 0; value < max + step / 2 && ticks.length <= count + 1; value += step) ticks.push(Number(value.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

/** Whole multiples of `stepMs` (local minutes) within [start, end]. */
export function timeTicks(start: number, end: number, stepMs: number): number[] {
  const offset = new Date(start).getTimezoneOffset() * 60_000;
  const first = Math.ceil((start - offset) / stepMs) * stepMs + offset;
  const ticks: number[] = [];
  for (let t = first; t <= end; t += stepMs) ticks.push(t);
  return ticks;
}

export function clockLabel(t: number): string {
  const d = new Date(t);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The point nearest to time t (points sorted by time), or undefined for none. */
export function nearest<T extends { t: number }>(points: readonly T[], t: number): T | undefined {
  let best: T | undefined;
  for (const point of points) if (!best || Math.abs(point.t - t) < Math.abs(best.t - t)) best = point;
  return best;
}
