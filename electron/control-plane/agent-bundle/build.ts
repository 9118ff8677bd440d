// The agent as one self-contained ESM file, so a machine with only Node.js can join:
// esbuild bundles cli/agent-bundle.ts with every dependency except the optional native
// ones. Built once per control plane start, and reused across starts from
// DATA_DIR/agent-bundle/ while none of the files that went into it changed.
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ENTRY = 'cli/agent-bundle.ts';

/**
 * The repository root, where the agent's sources and node_modules are: the nearest
 * folder above this module that holds the entry (this file runs from its source
 * folder, or bundled into the desktop app's out/main/).
 */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, ENTRY))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`the agent's sources (${ENTRY}) are not in any folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/**
 * node-pty is native and optional (the agent imports it dynamically and says what is
 * missing without it); cpu-features and compiled `.node` addons are optional speedups
 * of ssh2 and ws that their packages load inside try/catch.
 */
const EXTERNAL = ['node-pty', 'cpu-features', 'bufferutil', 'utf-8-validate', '*.node'];

/**
 * Parts of dockerode the agent never calls, that would cost every agent ~20 MB of
 * resident memory just by loading: ssh:// engines (ssh2) and BuildKit sessions
 * (gRPC, protobuf). They become modules that say so when used.
 */
const UNUSED = ['ssh2', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs'];

const unusedModules: esbuild.Plugin = {
  name: 'flotilla-unused-modules',
  setup(build) {
    const filter = new RegExp(`^(${UNUSED.join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'flotilla-unused' }));
    build.onLoad({ filter: /.*/, namespace: 'flotilla-unused' }, (args) => ({
      loader: 'js',
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not part of the Flotilla agent bundle (ssh:// Docker hosts and BuildKit are not supported)`)}); };
module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' ? false : fail) });`,
    }));
  },
};

/** CommonJS dependencies use require(), __filename and __dirname, which an ES module lacks. */
const BANNER = [
  "import { createRequire as __flotillaCreateRequire } from 'node:module';",
  "import { fileURLToPath as __flotillaFileURLToPath } from 'node:url';",
  "import { dirname as __flotillaDirname } from 'node:path';",
  'const require = __flotillaCreateRequire(import.meta.url);',
  'const __filename = __flotillaFileURLToPath(import.meta.url);',
  'const __dirname = __flotillaDirname(__filename);',
].join(' ');

const BUILD_OPTIONS: esbuild.BuildOptions = {
  entryPoints: [ENTRY],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: EXTERNAL,
  plugins: [unusedModules],
  banner: { js: BANNER },
  legalComments: 'eof',
  logLevel: 'silent',
};

export interface AgentBundle {
  code: Buffer;
  /** Hex sha256 of `code`. */
  sha256: string;
}

interface Manifest {
  key: string;
  inputs: string[];
}

/** Hash of everything that decides the bundle's bytes: the inputs' contents, esbuild and its options. */
async function keyOf(root: string, inputs: string[]): Promise<string> {
  const hash = createHash('sha256').update(esbuild.version).update(JSON.stringify(BUILD_OPTIONS));
  for (const input of [...inputs].sort()) {
    hash.update(input).update('\0').update(await fs.readFile(path.join(root, input))).update('\0');
  }
  return hash.digest('hex');
}

async function cached(root: string, dir: string): Promise<AgentBundle | undefined> {
  try {
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if ((await keyOf(root, manifest.inputs)) !== manifest.key) return undefined;
    const code = await fs.readFile(path.join(dir, 'agent.mjs'));
    return { code, sha256: createHash('sha256').update(code).digest('hex') };
  } catch {
    // Missing, unreadable or from a different tree: build afresh.
    return undefined;
  }
}

export async function buildAgentBundle(cacheDir: string): Promise<AgentBundle> {
  const root = findRoot();
  const hit = await cached(root, cacheDir);
  if (hit) return hit;
  const result = await esbuild.build({ ...BUILD_OPTIONS, absWorkingDir: root, write: false, metafile: true });
  const code = Buffer.from(result.outputFiles![0]!.contents);
  const inputs = Object.keys(result.metafile!.inputs).filter((input) => !input.includes(':'));
  const manifest: Manifest = { key: await keyOf(root, inputs), inputs };
  await fs.mkdir(cacheDir, { recursive: true });
  await fs.writeFile(path.join(cacheDir, 'agent.mjs.tmp'), code);
  await fs.rename(path.join(cacheDir, 'agent.mjs.tmp'), path.join(cacheDir, 'agent.mjs'));
  await fs.writeFile(path.join(cacheDir, 'manifest.json'), JSON.stringify(manifest));
  return { code, sha256: createHash('sha256').update(code).digest('hex') };
}
