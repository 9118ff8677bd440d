// The per-container shim (containerd-shim's job, in a few lines of Node): it is
// spawned detached so it outlives the agent, runs the container's process in its
// own process group, writes its stdout and stderr to the log file in CRI format
// (a timestamp per line needs something reading the pipes, which a /bin/sh
// wrapper could not do cheaply), feeds it from the stdin FIFO, and writes its exit
// code to exit.json, so a later agent learns it even if none was running then.
//
// The shim is plain JavaScript written to a file at startup, so it runs the same
// from the sources, the agent bundle or Electron (with ELECTRON_RUN_AS_NODE).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the shim reads from spawn.json in the container's directory. */
export interface ShimSpec {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  uid?: number;
  gid?: number;
  /** Keep the process's stdin open and fed from the `stdin` FIFO. */
  stdin: boolean;
  /** Close the process's stdin once the first writer of the FIFO goes away. */
  stdinOnce: boolean;
  /** The log is rotated (to LOG_FILE.1) when it reaches this size. */
  logMaxBytes: number;
}

/** What the shim writes to the pid file once the process runs. */
export interface ShimStarted {
  pid: number;
  startedAt: number;
}

/** What the shim writes to exit.json when the process has ended (or could not start). */
export interface ShimExit {
  exitCode: number;
  signal?: string;
  /** `ContainerCannotRun` when the process never started. */
  reason?: string;
  message?: string;
  finishedAt: number;
}

export const SPAWN_FILE = 'spawn.json';
export const PID_FILE = 'pid';
export const EXIT_FILE = 'exit.json';
export const LOG_FILE = 'container.log';
/** The log before the last rotation. */
export const ROTATED_LOG_FILE = `${LOG_FILE}.1`;
export const STDIN_FIFO = 'stdin';
export const SHIM_LOG_FILE = 'shim.log';

const SHIM_SOURCE = `// Written by the Flotilla agent's process runtime (agent/runtime/process/shim.ts).
import { spawn } from 'node:child_process';
import { closeSync, constants as fsc, createReadStream, fstatSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2];
const spec = JSON.parse(readFileSync(join(dir, ${JSON.stringify(SPAWN_FILE)}), 'utf8'));
const logPath = join(dir, ${JSON.stringify(LOG_FILE)});
let log = openSync(logPath, 'a');
let logBytes = fstatSync(log).size;
const fifo = join(dir, ${JSON.stringify(STDIN_FIFO)});
// Longer lines are cut into P(artial) records, as the CRI asks.
const MAX_LINE = 16 * 1024;

const writeAtomic = (name, data) => {
  writeFileSync(join(dir, name + '.tmp'), data);
  renameSync(join(dir, name + '.tmp'), join(dir, name));
};
const stamp = () => new Date().toISOString().slice(0, -1) + '000000Z';

// One write per chunk read, not per line. Past logMaxBytes the file becomes
// container.log.1 (replacing the one before), as the kubelet rotates CRI logs.
const append = (text) => {
  if (!text) return;
  const bytes = Buffer.from(text);
  writeSync(log, bytes);
  logBytes += bytes.length;
  if (logBytes >= spec.logMaxBytes) {
    closeSync(log);
    renameSync(logPath, logPath + '.1');
    log = openSync(logPath, 'a');
    logBytes = 0;
  }
};

const pump = (readable, stream) => new Promise((resolve) => {
  let pending = '';
  const record = (tag, text) => stamp() + ' ' + stream + ' ' + tag + ' ' + text + '\\n';
  readable.setEncoding('utf8');
  readable.on('data', (chunk) => {
    pending += chunk;
    let out = '';
    let nl;
    while ((nl = pending.indexOf('\\n')) >= 0) {
      out += record('F', pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
    while (pending.length >= MAX_LINE) {
      out += record('P', pending.slice(0, MAX_LINE));
      pending = pending.slice(MAX_LINE);
    }
    append(out);
  });
  readable.on('close', () => {
    if (pending) append(record('F', pending));
    resolve();
  });
});

let finished = false;
const finish = (exit) => {
  if (finished) return;
  finished = true;
  writeAtomic(${JSON.stringify(EXIT_FILE)}, JSON.stringify({ ...exit, finishedAt: Date.now() }));
  // A read of the FIFO blocked in open() would hold the exit: give it a writer.
  if (spec.stdin) {
    try { closeSync(openSync(fifo, fsc.O_WRONLY | fsc.O_NONBLOCK)); } catch {}
  }
  process.exit(0);
};

// Each attach opens the FIFO for writing; its close is the end of that attach.
const feed = (sink) => {
  sink.on('error', () => {});
  const next = () => {
    if (finished) return;
    const source = createReadStream(fifo);
    source.on('error', () => {});
    source.pipe(sink, { end: false });
    source.on('end', () => (spec.stdinOnce ? sink.end() : next()));
  };
  next();
};

const child = spawn(spec.argv[0], spec.argv.slice(1), {
  cwd: spec.cwd,
  env: spec.env,
  uid: spec.uid,
  gid: spec.gid,
  detached: true,
  stdio: [spec.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
});
const outputs = Promise.all([pump(child.stdout, 'stdout'), pump(child.stderr, 'stderr')]);
child.on('error', (err) => finish({ exitCode: err.code === 'ENOENT' ? 127 : 126, reason: 'ContainerCannotRun', message: err.message }));
child.on('spawn', () => {
  writeAtomic(${JSON.stringify(PID_FILE)}, JSON.stringify({ pid: child.pid, startedAt: Date.now() }));
  if (spec.stdin) feed(child.stdin);
});
child.on('exit', (code, signal) => {
  const exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
  // Background processes may keep the pipes open: their output is not waited for long.
  Promise.race([outputs, new Promise((r) => setTimeout(r, 200))]).then(() => finish({ exitCode, signal: signal ?? undefined }));
});
const forward = (signal) => {
  try { process.kill(-child.pid, signal); } catch {}
};
process.on('SIGTERM', () => forward('SIGTERM'));
process.on('SIGINT', () => forward('SIGINT'));
process.on('SIGHUP', () => {});
`;

/** Writes the shim under `root` and returns its path. */
export async function installShim(root: string): Promise<string> {
  await mkdir(root, { recursive: true });
  const path = join(root, 'shim.mjs');
  // Renamed into place: a shim starting now (another runtime on this data dir) never reads half a file.
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, SHIM_SOURCE);
  await rename(tmp, path);
  return path;
}
