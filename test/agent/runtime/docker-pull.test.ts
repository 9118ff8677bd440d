// Pulls through the driver from a registry on loopback (the engine trusts 127.0.0.0/8
// over plain HTTP): a small server speaking the registry's v2 protocol, serving an
// image made from the test image's own layer, since no public registry is reachable.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDockerRuntime } from '../../../agent/runtime/docker/index.ts';
import { LABEL_AGENT_ID, type PullProgress, type Runtime } from '../../../agent/runtime/types.ts';
import { describeDocker, removeContainersLabelled, TEST_IMAGE, testDocker } from '../../helpers/docker.ts';

const AGENT = `test-docker-pull-${process.pid}`;
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** The test image's layer under a config of its own, so the pulled image is a different image from TEST_IMAGE. */
async function imageBlobs(dir: string): Promise<{ manifest: Buffer; blobs: Map<string, Buffer> }> {
  const saved = path.join(dir, 'saved.tar');
  const stream = await testDocker().getImage(TEST_IMAGE).get();
  const { createWriteStream } = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  await pipeline(stream, createWriteStream(saved));
  await promisify(execFile)('tar', ['-xf', saved, '-C', dir]);
  const [entry] = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { Config: string; Layers: string[] }[];
  const config = JSON.parse(await readFile(path.join(dir, entry!.Config), 'utf8')) as { config: { Labels?: Record<string, string> | null } };
  config.config.Labels = { 'dev.flotilla.test': AGENT };
  const configBlob = Buffer.from(JSON.stringify(config));
  const layer = gzipSync(await readFile(path.join(dir, entry!.Layers[0]!)));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: configBlob.length, digest: sha(configBlob) },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.length, digest: sha(layer) }],
  }));
  return { manifest, blobs: new Map([[sha(configBlob), configBlob], [sha(layer), layer]]) };
}

describeDocker('docker runtime image pulls', () => {
  let dir: string;
  let registry: http.Server;
  let rt: Runtime;
  let ref: string;
  let manifestDigest: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-pull-'));
    const { manifest, blobs } = await imageBlobs(dir);
    manifestDigest = sha(manifest);
    registry = http.createServer((req, res) => {
      const url = req.url ?? '';
      const send = (type: string, body: Buffer, digest?: string) => {
        res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Docker-Distribution-API-Version': 'registry/2.0', ...(digest ? { 'Docker-Content-Digest': digest } : {}) });
        res.end(req.method === 'HEAD' ? undefined : body);
      };
      if (url === '/v2/') return send('application/json', Buffer.from('{}'));
      const m = /^\/v2\/flotilla\/pulltest\/(manifests|blobs)\/([^/?]+)$/.exec(url);
      if (m?.[1] === 'manifests' && (m[2] === '1' || m[2] === manifestDigest)) return send('application/vnd.docker.distribution.manifest.v2+json', manifest, manifestDigest);
      const blob = m?.[1] === 'blobs' ? blobs.get(m[2]!) : undefined;
      if (blob) return send('application/octet-stream', blob, m![2]);
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    ref = `127.0.0.1:${(registry.address() as AddressInfo).port}/flotilla/pulltest:1`;
    rt = await createDockerRuntime({ agentId: AGENT, nodeName: 'n', dataDir: dir, log: () => {} });
  });

  afterAll(async () => {
    await rt?.close();
    await removeContainersLabelled(LABEL_AGENT_ID, AGENT);
    if (ref) {
      const image = await testDocker().getImage(ref).inspect().catch(() => undefined);
      if (image) await testDocker().getImage(image.Id).remove({ force: true });
    }
    await new Promise((resolve) => (registry ? registry.close(resolve) : resolve(undefined)));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pulls with progress and then names the image by its registry digest', async () => {
    expect(await rt.imageStatus(ref)).toBeUndefined();
    const progress: PullProgress[] = [];
    const status = await rt.pullImage(ref, (p) => progress.push(p));
    expect(status.repoTags).toContain(ref);
    expect(status.repoDigests).toContain(`${ref.replace(/:1$/, '')}@${manifestDigest}`);
    expect(progress.some((p) => /^Pulling from/.test(p.status))).toBe(true);
    expect(progress.some((p) => /^Status: Downloaded newer image/.test(p.status))).toBe(true);

    const sandbox = {
      metadata: { uid: 'u-pull', namespace: 'default', name: 'pulled', attempt: 0 },
      hostname: 'pulled',
      hostNetwork: false,
      portMappings: [],
      labels: {},
      annotations: {},
    };
    const sandboxId = await rt.runPodSandbox(sandbox);
    const id = await rt.createContainer(sandboxId, {
      name: 'main', attempt: 0, image: ref, command: ['true'], args: [], env: [], mounts: [], ports: [],
      tty: false, stdin: false, stdinOnce: false, resources: {}, securityContext: {}, labels: {}, annotations: {},
    }, sandbox);
    expect((await rt.containerStatus(id))?.imageRef).toBe(`docker-pullable://${ref.replace(/:1$/, '')}@${manifestDigest}`);
  });

  it('rejects with the engine message for a tag the registry does not have', async () => {
    await expect(rt.pullImage(ref.replace(/:1$/, ':missing'))).rejects.toThrow(/manifest unknown|not found/);
  });
});
