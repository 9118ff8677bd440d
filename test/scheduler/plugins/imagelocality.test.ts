import { describe, expect, it } from 'vitest';
import { imageLocality } from '../../../electron/control-plane/scheduler/plugins/imagelocality/index.ts';
import { makeNode, makePod, scoreAll, snapshotOf } from '../fixtures.ts';

const MB = 1024 * 1024;

describe('ImageLocality', () => {
  it('prefers nodes holding the image, scaled by size and spread', () => {
    const snapshot = snapshotOf([
      makeNode('has', { images: [{ names: ['registry.example/app:1'], sizeBytes: 500 * MB }] }),
      makeNode('lacks'),
    ]);
    const pod = makePod('p', { containers: [{ name: 'c', image: 'registry.example/app:1' }] });
    const s = scoreAll(imageLocality(), pod, snapshot);
    // 500 MB × 1/2 of the nodes = 250 MB, between 23 MB and 1000 MB: (250 − 23) / 977 → 23.
    expect(s).toEqual({ has: 23, lacks: 0 });
  });

  it('treats an untagged image as :latest', () => {
    const snapshot = snapshotOf([makeNode('n', { images: [{ names: ['nginx:latest'], sizeBytes: 1000 * MB }] })]);
    expect(scoreAll(imageLocality(), makePod('p'), snapshot).n).toBe(100);
  });

  it('gives nothing for images below the minimum threshold', () => {
    const snapshot = snapshotOf([makeNode('n', { images: [{ names: ['nginx:latest'], sizeBytes: 10 * MB }] })]);
    expect(scoreAll(imageLocality(), makePod('p'), snapshot).n).toBe(0);
  });
});
