import { describe, expect, it } from 'vitest';
import { placeWindow, windowStateFrom, type Rect } from '../../electron/main/window-state.ts';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const monitorRight: Rect = { x: 1440, y: -200, width: 2560, height: 1415 };
const size = { width: 1200, height: 800 };

describe('window placement', () => {
  it('centres the default size on the primary display when nothing was saved', () => {
    expect(placeWindow(undefined, [laptop, monitorRight], size)).toEqual({ bounds: { x: 120, y: 38, width: 1200, height: 800 }, maximized: false });
  });

  it('restores saved bounds and maximized state on a display that still exists', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: true };
    expect(placeWindow(saved, [laptop, monitorRight], size)).toEqual(saved);
  });

  it('moves a window from a display that is gone to the primary one', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: false };
    expect(placeWindow(saved, [laptop], size)).toEqual({ bounds: { x: 120, y: 38, width: 1200, height: 800 }, maximized: false });
  });

  it('shrinks and moves a window hanging off its display fully onto it', () => {
    const saved = { bounds: { x: 1000, y: -50, width: 2000, height: 700 }, maximized: false };
    expect(placeWindow(saved, [laptop], size)).toEqual({ bounds: { x: 0, y: 0, width: 1440, height: 700 }, maximized: false });
  });

  it('picks the display the window overlaps most', () => {
    const saved = { bounds: { x: 1300, y: 0, width: 800, height: 600 }, maximized: false };
    expect(placeWindow(saved, [laptop, monitorRight], size).bounds).toEqual({ x: 1440, y: 0, width: 800, height: 600 });
  });
});

describe('window state file', () => {
  it('reads a saved state and rejects anything else', () => {
    expect(windowStateFrom({ bounds: { x: -10, y: 5, width: 900, height: 700 }, maximized: true }))
      .toEqual({ bounds: { x: -10, y: 5, width: 900, height: 700 }, maximized: true });
    expect(windowStateFrom({ bounds: { x: 0, y: 0, width: 900 } })).toBeUndefined();
    expect(windowStateFrom({ bounds: { x: 0, y: 0, width: 0, height: 700 } })).toBeUndefined();
    expect(windowStateFrom({ bounds: { x: 'a', y: 0, width: 900, height: 700 } })).toBeUndefined();
    expect(windowStateFrom('nope')).toBeUndefined();
  });
});
