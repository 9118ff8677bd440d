// The docker driver's pure pieces: stream framing, the tar writer, and the
// kubelet's mappings, checked where the engine cannot easily be made to show them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { StatusCache } from '../../../agent/runtime/docker/cache.ts';
import { entrypointAndCmd, milliCPUToShares } from '../../../agent/runtime/docker/containers.ts';
import { FrameDemuxer, type StreamKind } from '../../../agent/runtime/docker/demux.ts';
import { toRuntimeEvent } from '../../../agent/runtime/docker/events.ts';
import { ANNOTATION_PREFIX, splitLabels } from '../../../agent/runtime/docker/labels.ts';
import { portBindings } from '../../../agent/runtime/docker/sandbox.ts';
import { memoryReading } from '../../../agent/runtime/docker/stats.ts';
import { engineTime, imageRefOf, toContainerStatus } from '../../../agent/runtime/docker/status.ts';
import { tarArchive } from '../../../agent/runtime/docker/tar.ts';
import { LABEL_AGENT_ID, LABEL_POD_UID } from '../../../agent/runtime/types.ts';

function frame(kind: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = kind;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

describe('FrameDemuxer', () => {
  it('splits stdout and stderr frames, whatever the read boundaries', () => {
    const wire = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, ''), frame(1, 'out two\n')]);
    for (let cut = 1; cut < wire.length; cut++) {
      const got: [StreamKind, string][] = [];
      const d = new FrameDemuxer((k, p) => got.push([k, p.toString()]));
      d.push(wire.subarray(0, cut));
      d.push(wire.subarray(cut));
      expect(got).toEqual([['stdout', 'out one\n'], ['stderr', 'err\n'], ['stdout', 'out two\n']]);
    }
  });
});

describe('StatusCache', () => {
  it('fetches only what is new or changed state, and drops what is no longer listed', async () => {
    const cache = new StatusCache<string>();
    const fetched: string[] = [];
    let n = 0;
    const fetch = async (id: string) => {
      fetched.push(id);
      return id === 'gone' ? undefined : `${id}#${++n}`;
    };
    expect(await cache.resolve([{ Id: 'a', State: 'running' }, { Id: 'b', State: 'created' }, { Id: 'gone', State: 'exited' }], fetch)).toEqual(['a#1', 'b#2']);
    expect(await cache.resolve([{ Id: 'a', State: 'running' }, { Id: 'b', State: 'running' }], fetch)).toEqual(['a#1', 'b#3']);
    expect(fetched).toEqual(['a', 'b', 'gone', 'b']);
    // a dropped entry is fetched again if it comes back; a forgotten one too
    await cache.resolve([{ Id: 'b', State: 'running' }], fetch);
    cache.forget('b');
    expect(await cache.resolve([{ Id: 'a', State: 'running' }, { Id: 'b', State: 'running' }], fetch)).toEqual(['a#4', 'b#5']);
  });
});

describe('tarArchive', () => {
  it('writes an archive that tar lists and extracts: files, modes, dirs and symlinks', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-tar-'));
    try {
      const archive = path.join(dir, 'a.tar');
      await writeFile(archive, tarArchive([
        { type: 'dir', path: 'bin' },
        { type: 'file', path: 'bin/tool', data: Buffer.alloc(700, 0x61), mode: 0o755 },
        { type: 'symlink', path: 'bin/alias', target: 'tool' },
      ]));
      const run = promisify(execFile);
      const { stdout } = await run('tar', ['-tvf', archive]);
      expect(stdout).toMatch(/^drwxr-xr-x .* bin\/$/m);
      expect(stdout).toMatch(/^-rwxr-xr-x .* 700 .* bin\/tool$/m);
      expect(stdout).toMatch(/^lrwxrwxrwx .* bin\/alias -> tool$/m);
      await run('tar', ['-xf', archive, '-C', dir]);
      const { stdout: content } = await run('cat', [path.join(dir, 'bin/alias')]);
      expect(content).toBe('a'.repeat(700));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('kubelet mappings', () => {
  it('turns milli-CPU into shares as the kubelet does', () => {
    expect(milliCPUToShares(0)).toBe(2);
    expect(milliCPUToShares(1)).toBe(2);
    expect(milliCPUToShares(250)).toBe(256);
    expect(milliCPUToShares(1000)).toBe(1024);
    expect(milliCPUToShares(1_000_000)).toBe(262144);
  });

  it('maps command and args onto ENTRYPOINT and CMD', () => {
    expect(entrypointAndCmd([], [])).toEqual({});
    expect(entrypointAndCmd(['a'], [])).toEqual({ Entrypoint: ['a'], Cmd: [] });
    expect(entrypointAndCmd([], ['b'])).toEqual({ Cmd: ['b'] });
    expect(entrypointAndCmd(['a'], ['b'])).toEqual({ Entrypoint: ['a'], Cmd: ['b'] });
  });

  it('publishes only ports with a hostPort, on the hostIP or every address', () => {
    expect(portBindings([
      { protocol: 'TCP', containerPort: 80, hostPort: 8080 },
      { protocol: 'UDP', containerPort: 53, hostPort: 5353, hostIP: '127.0.0.1' },
      { protocol: 'TCP', containerPort: 9000 },
    ])).toEqual({
      exposed: { '80/tcp': {}, '53/udp': {} },
      bindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }] },
    });
  });

  it('keeps annotations apart from labels and drops the driver’s own', () => {
    expect(splitLabels({ app: 'x', [`${ANNOTATION_PREFIX}a/b`]: 'v', 'io.kubernetes.docker.type': 'container', [LABEL_AGENT_ID]: 'me' }))
      .toEqual({ labels: { app: 'x', [LABEL_AGENT_ID]: 'me' }, annotations: { 'a/b': 'v' } });
  });

  it('reads engine times, with Go’s zero time as not yet', () => {
    expect(engineTime('0001-01-01T00:00:00Z')).toBe(0);
    expect(engineTime('2024-05-01T10:00:00.123456789Z')).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 123));
  });

  const inspect = (state: Partial<Docker.ContainerInspectInfo['State']>): Docker.ContainerInspectInfo => ({
    Id: 'c1',
    Created: '2024-05-01T10:00:00Z',
    Name: '/k8s_main_p_ns_u_0',
    Image: 'sha256:abc',
    Config: { Image: 'busybox', Labels: {} },
    State: { Status: 'exited', Running: false, OOMKilled: false, ExitCode: 0, Error: '', StartedAt: '2024-05-01T10:00:01Z', FinishedAt: '2024-05-01T10:00:02Z', ...state },
  }) as unknown as Docker.ContainerInspectInfo;

  it('gives exited containers the kubelet’s reasons', () => {
    expect(toContainerStatus(inspect({}), 'r')).toMatchObject({ state: 'exited', reason: 'Completed', exitCode: 0, finishedAt: Date.UTC(2024, 4, 1, 10, 0, 2) });
    expect(toContainerStatus(inspect({ ExitCode: 2 }), 'r')).toMatchObject({ reason: 'Error', exitCode: 2 });
    expect(toContainerStatus(inspect({ ExitCode: 137, OOMKilled: true }), 'r')).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(toContainerStatus(inspect({ Status: 'running', Running: true, FinishedAt: '0001-01-01T00:00:00Z' }), 'r')).toMatchObject({ state: 'running', finishedAt: 0 });
    expect(toContainerStatus(inspect({ Status: 'running', Running: true }), 'r').reason).toBeUndefined();
  });

  it('names images by digest once pulled, else by id', () => {
    expect(imageRefOf({ Id: 'sha256:1', RepoDigests: ['busybox@sha256:2'] }, 'x')).toBe('docker-pullable://busybox@sha256:2');
    expect(imageRefOf({ Id: 'sha256:1', RepoDigests: [] }, 'x')).toBe('docker://sha256:1');
    expect(imageRefOf(undefined, 'sha256:9')).toBe('docker://sha256:9');
  });

  it('reads the working set from cgroup v2 and v1 counters', () => {
    expect(memoryReading({ usage: 1000, stats: { inactive_file: 300, anon: 500 } })).toEqual({ usage: 1000, workingSet: 700, rss: 500 });
    expect(memoryReading({ usage: 1000, stats: { total_inactive_file: 1200, total_rss: 400 } })).toEqual({ usage: 1000, workingSet: 0, rss: 400 });
    expect(memoryReading(undefined)).toEqual({ usage: 0, workingSet: 0 });
  });

  it('maps engine events to runtime events', () => {
    const actor = { ID: 'c1', Attributes: { [LABEL_POD_UID]: 'u1' } };
    expect(toRuntimeEvent({ Type: 'container', Action: 'die', Actor: actor })).toEqual({ type: 'container-died', containerId: 'c1', podUid: 'u1' });
    expect(toRuntimeEvent({ Type: 'container', Action: 'start', Actor: actor })?.type).toBe('container-started');
    expect(toRuntimeEvent({ Type: 'container', Action: 'destroy', Actor: actor })?.type).toBe('container-removed');
    expect(toRuntimeEvent({ Type: 'container', Action: 'exec_start: sh', Actor: actor })).toBeUndefined();
    expect(toRuntimeEvent({ Type: 'network', Action: 'start', Actor: actor })).toBeUndefined();
  });
});
