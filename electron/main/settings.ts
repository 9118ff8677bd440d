// The desktop app's settings (userData/settings.json). The renderer sends
// whatever it likes over IPC, so a change is checked field by field here.
import { readJsonFile, writeJsonFile } from './json-file.ts';

export interface Settings {
  /** Whether this machine runs pods as a node of its own cluster. */
  joinAsNode: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ joinAsNode: true });

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A change to the settings; throws with the offending field when it is not one. */
export function parseSettingsChange(value: unknown): Partial<Settings> {
  if (!isRecord(value)) throw new Error('settings must be an object');
  const change: Partial<Settings> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key !== 'joinAsNode') throw new Error(`unknown setting "${key}"`);
    if (typeof field !== 'boolean') throw new Error('joinAsNode must be true or false');
    change.joinAsNode = field;
  }
  return change;
}

/** What a settings file holds: each valid field kept, anything else back to its default. */
export function settingsFrom(value: unknown): Settings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  if (isRecord(value) && typeof value.joinAsNode === 'boolean') settings.joinAsNode = value.joinAsNode;
  return settings;
}

export interface SettingsStore {
  get(): Settings;
  /** Saves the change, then applies it; rejects with what `apply` threw (the change stays saved). */
  update(change: unknown): Promise<Settings>;
}

/** `apply` puts changed settings into effect (the app starts or stops its node). */
export async function openSettings(file: string, apply: (settings: Settings) => Promise<void> = async () => undefined): Promise<SettingsStore> {
  let current = settingsFrom(await readJsonFile(file));
  // Two quick toggles must land in the order they were made.
  let writing = Promise.resolve();
  return {
    get: () => ({ ...current }),
    async update(change) {
      const next = { ...current, ...parseSettingsChange(change) };
      current = next;
      writing = writing.catch(() => undefined).then(() => writeJsonFile(file, next));
      await writing;
      await apply({ ...next });
      return { ...next };
    },
  };
}
