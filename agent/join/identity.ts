// Who this machine is: a machine id that survives reboots and re-installs of the
// agent (the control plane binds a node name to it), and the default node name.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MACHINE_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

export async function readMachineId(): Promise<string> {
  for (const file of MACHINE_ID_FILES) {
    try {
      const id = (await fs.readFile(file, 'utf8')).trim();
      if (id) return id;
    } catch {
      // not on this system; try the next source
    }
  }
  // macOS and Windows keep theirs elsewhere (IOPlatformUUID, MachineGuid); systeminformation knows where.
  const si = (await import('systeminformation')).default;
  const uuid = await si.uuid();
  const id = (uuid.os || uuid.hardware).trim().toLowerCase();
  if (!id) throw new Error('cannot find a machine id (no /etc/machine-id and the OS reported none)');
  return id;
}

const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Throws the reason a name cannot be a Node's name, like the API would, but before anything is sent. */
export function checkNodeName(name: string): string {
  if (name.length > 253 || !RFC1123_SUBDOMAIN.test(name)) {
    throw new Error(`"${name}" is not a valid node name (lower-case letters, digits, '-' and '.', at most 253); pass --name`);
  }
  return name;
}

export function defaultNodeName(): string {
  return checkNodeName(os.hostname().toLowerCase());
}

const AGENT_ID_FILE = 'agent-id';

/**
 * This install's agent id, made once and kept in the data dir: it marks the containers
 * this agent owns, so two agents sharing one engine (or a test's and a user's) never
 * touch each other's, and a restarted agent finds its own again.
 */
export async function agentIdOf(dataDir: string): Promise<string> {
  const file = path.join(dataDir, AGENT_ID_FILE);
  try {
    const id = (await fs.readFile(file, 'utf8')).trim();
    if (id) return id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = randomBytes(8).toString('hex');
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await fs.writeFile(file, id + '\n');
  return id;
}
