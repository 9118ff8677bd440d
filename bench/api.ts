// API server benchmark: creates/s and latency through HTTPS with 32 clients, and
// watch delivery latency with 100 watchers. The server runs in its own process, as
// `flotilla serve`, so client and server do not share an event loop.
// Run: npx tsx bench/api.ts [--seconds 5]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/net.ts';

const SECONDS = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 5;
const CLIENTS = 32;
const WATCHERS = 100;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-bench-'));
  const port = await freePort();
  const server = spawn(process.execPath, [...(process.env.FLOTILLA_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.FLOTILLA_BENCH_PROFILE] : []), path.join(ROOT, 'cli/bin.mjs'), 'serve', '--data-dir', dir, '--listen', `127.0.0.1:${port}`, '--no-agent'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout.on('data', (d: Buffer) => d.toString().includes('Flotilla is running') && resolve());
      server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const ca = await readFile(path.join(dir, 'pki/ca.crt'), 'utf8');
    const token = (await readFile(path.join(dir, 'admin.token'), 'utf8')).trim();
    const agent = new https.Agent({ keepAlive: true, maxSockets: CLIENTS + WATCHERS + 4, ca });
    const base = `https://127.0.0.1:${port}`;
    const request = (method: string, p: string, body?: unknown) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = https.request(base + p, { method, agent, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      });

    await request('POST', '/api/v1/namespaces', { metadata: { name: 'bench' } });
    await request('POST', '/api/v1/namespaces', { metadata: { name: 'watch' } });
    const payload = 'x'.repeat(1024);

    // Creates through the API.
    const latencies: number[] = [];
    let seq = 0;
    let failures = 0;
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const r = await request('POST', '/api/v1/namespaces/bench/configmaps', { metadata: { name: `cm-${seq++}` }, data: { payload } });
        latencies.push(performance.now() - t0);
        if (r.status !== 201) failures++;
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const createsPerSecond = latencies.length / elapsed;

    // Watch delivery: 100 watchers, writes at a steady rate, time from sending the write to each delivery.
    const sentAt = new Map<string, number>();
    const delivery: number[] = [];
    const streams: ReturnType<typeof https.request>[] = [];
    const listRv = JSON.parse((await request('GET', '/api/v1/namespaces/watch/configmaps')).text).metadata.resourceVersion as string;
    await Promise.all(Array.from({ length: WATCHERS }, () => new Promise<void>((resolve, reject) => {
      const req = https.request(`${base}/api/v1/namespaces/watch/configmaps?watch=true&resourceVersion=${listRv}`, { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let buf = '';
        res.on('data', (d: Buffer) => {
          buf += d;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            const name = (JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata.name;
            const t = sentAt.get(name);
            if (t !== undefined) delivery.push(performance.now() - t);
          }
        });
        resolve();
      });
      req.on('error', (err) => (err.message.includes('aborted') ? undefined : reject(err)));
      req.end();
      streams.push(req);
    })));
    const writes = 200;
    for (let i = 0; i < writes; i++) {
      const name = `w-${i}`;
      sentAt.set(name, performance.now());
      await request('POST', '/api/v1/namespaces/watch/configmaps', { metadata: { name }, data: { payload } });
      await new Promise((r) => setTimeout(r, 5));
    }
    const waitUntil = performance.now() + 5000;
    while (delivery.length < writes * WATCHERS && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));
    for (const s of streams) s.destroy();
    delivery.sort((a, b) => a - b);

    console.log(`API creates (HTTPS, ${CLIENTS} clients, 1 KiB ConfigMaps, ${SECONDS}s): ${createsPerSecond.toFixed(0)} creates/s, p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms, ${failures} failed`);
    console.log(`  target ≥ 5000 creates/s with p99 ≤ 25 ms: ratio ${(createsPerSecond / 5000).toFixed(2)}× the create target`);
    console.log(`Watch delivery (${WATCHERS} watchers, ${writes} writes, write sent → event received): p50 ${percentile(delivery, 50).toFixed(2)} ms, p99 ${percentile(delivery, 99).toFixed(2)} ms, ${delivery.length}/${writes * WATCHERS} delivered`);
    agent.destroy();
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
