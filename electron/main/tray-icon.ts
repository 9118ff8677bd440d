// The tray icon, drawn here rather than shipped as a file: a sailing boat in
// one colour, as a raw BGRA bitmap for nativeImage.createFromBitmap.

/** Inside the boat, in coordinates from 0 to 1 across the icon. */
function inBoat(x: number, y: number): boolean {
  const mainSail = x >= 0.52 && y <= 0.62 && y >= 0.08 + (x - 0.52) * (0.54 / 0.3) && x <= 0.82;
  const jib = x <= 0.46 && x >= 0.18 && y <= 0.62 && y >= 0.2 + (0.46 - x) * (0.42 / 0.28);
  const inset = (y - 0.68) * 0.7;
  const hull = y >= 0.68 && y <= 0.86 && x >= 0.1 + inset && x <= 0.9 - inset;
  return mainSail || jib || hull;
}

/** A size×size BGRA bitmap of the boat in `rgb`, its edges anti-aliased (4×4 samples a pixel). */
export function trayIconBitmap(size: number, rgb: readonly [number, number, number]): Buffer {
  const samples = 4;
  const bitmap = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          if (inBoat((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) covered++;
        }
      }
      const offset = (py * size + px) * 4;
      const alpha = covered / (samples * samples);
      // Premultiplied, as Skia (Electron's bitmaps) expects.
      bitmap[offset] = Math.round(rgb[2] * alpha);
      bitmap[offset + 1] = Math.round(rgb[1] * alpha);
      bitmap[offset + 2] = Math.round(rgb[0] * alpha);
      bitmap[offset + 3] = Math.round(255 * alpha);
    }
  }
  return bitmap;
}
