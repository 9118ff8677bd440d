// Where the window opens: where it was last time (userData/window-state.json),
// moved onto a display that exists now, since the monitor it was on may be gone.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A saved state, or undefined when the file holds something else. */
export function windowStateFrom(value: unknown): WindowState | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { bounds, maximized } = value as { bounds?: Partial<Record<keyof Rect, unknown>>; maximized?: unknown };
  if (!bounds || ![bounds.x, bounds.y, bounds.width, bounds.height].every(isFiniteNumber)) return undefined;
  const { x, y, width, height } = bounds as Rect;
  if (width <= 0 || height <= 0) return undefined;
  return { bounds: { x, y, width, height }, maximized: maximized === true };
}

function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * The state to open with, given the displays' work areas now (the primary one
 * first) and the default size: the saved bounds on the display they overlap
 * most, shrunk to fit and moved fully onto it; centred on the primary display
 * at the default size when nothing was saved or the display is gone.
 */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Rect[], size: { width: number; height: number }): WindowState {
  const primary = workAreas[0];
  if (!primary) return { bounds: { x: 0, y: 0, ...size }, maximized: false };
  let area: Rect | undefined;
  let best = 0;
  for (const candidate of saved ? workAreas : []) {
    const shared = overlap(saved!.bounds, candidate);
    if (shared > best) [area, best] = [candidate, shared];
  }
  if (!saved || !area) {
    const width = Math.min(size.width, primary.width);
    const height = Math.min(size.height, primary.height);
    const x = primary.x + Math.round((primary.width - width) / 2);
    const y = primary.y + Math.round((primary.height - height) / 2);
    return { bounds: { x, y, width, height }, maximized: false };
  }
  const width = Math.min(saved.bounds.width, area.width);
  const height = Math.min(saved.bounds.height, area.height);
  return {
    bounds: {
      x: clamp(saved.bounds.x, area.x, area.x + area.width - width),
      y: clamp(saved.bounds.y, area.y, area.y + area.height - height),
      width,
      height,
    },
    maximized: saved.maximized,
  };
}
