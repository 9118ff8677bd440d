// The app's small JSON files in userData (settings, window state): read leniently,
// since a person may have edited them, and written aside then renamed, so a crash
// or a second write never leaves half a file.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The parsed file, or undefined when it is missing or not JSON (the caller falls back to defaults). */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(value, null, 2) + '\n');
  await fs.rename(tmp, file);
}
