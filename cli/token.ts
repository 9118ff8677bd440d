// `flotilla token create|list|delete`: bootstrap tokens for joining machines, made
// through the running control plane's API (the server owns the database; this
// process never opens it), with the join command ready to paste.
import { eachFlag } from './flags.ts';
import { request } from 'node:https';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  BOOTSTRAP_TOKEN_TYPE, DEFAULT_TOKEN_TTL_MS, parseTtl, rfc3339, tokenInfoOf, TOKEN_NAMESPACE, BOOTSTRAP_TOKEN_PREFIX,
} from '../electron/control-plane/join/bootstrap-tokens.ts';
import { issueJoinCommand } from '../electron/control-plane/join/commands.ts';
import type { Secret } from '../api/types.ts';

const TOKEN_USAGE = `Usage: flotilla token create [--data-dir DIR] [--ttl 24h] [--description TEXT]
       flotilla token list   [--data-dir DIR]
       flotilla token delete ID [--data-dir DIR]`;

interface TokenFlags {
  dataDir: string;
  ttlMs: number;
  description?: string;
  positional: string[];
}

function parseTokenFlags(args: string[]): TokenFlags {
  const flags: TokenFlags = { dataDir: path.join(os.homedir(), '.flotilla'), ttlMs: DEFAULT_TOKEN_TTL_MS, positional: [] };
  eachFlag(args, (name, value, arg) => {
    if (name === '--data-dir') flags.dataDir = path.resolve(value());
    else if (name === '--ttl') flags.ttlMs = parseTtl(value());
    else if (name === '--description') flags.description = value();
    else if (name.startsWith('-')) throw new Error(`unknown flag for token: ${arg} (see \`flotilla token --help\`)`);
    else flags.positional.push(arg);
  });
  return flags;
}

interface Admin {
  server: string;
  caCertPem: string;
  token: string;
  dataDir: string;
}

interface Kubeconfig {
  clusters?: { cluster?: { server?: string; 'certificate-authority-data'?: string } }[];
  users?: { user?: { token?: string } }[];
}

async function readAdmin(dataDir: string): Promise<Admin> {
  const file = path.join(dataDir, 'admin.kubeconfig');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(`no ${file}: start the control plane first with \`flotilla serve --data-dir ${dataDir}\``);
  }
  const config = YAML.parse(text) as Kubeconfig;
  const cluster = config.clusters?.[0]?.cluster;
  const token = config.users?.[0]?.user?.token;
  if (!cluster?.server || !cluster['certificate-authority-data'] || !token) throw new Error(`${file} lacks the server, its CA or the admin token`);
  return { server: cluster.server, caCertPem: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'), token, dataDir };
}

interface Answer {
  status: number;
  text: string;
}

function call(admin: Admin, method: string, apiPath: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(admin.server + apiPath, {
      method,
      ca: admin.caCertPem,
      timeout: 120_000,
      headers: {
        Authorization: `Bearer ${admin.token}`,
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }),
      },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 120 s')));
    req.on('error', (err) => reject(new Error(`cannot reach the control plane at ${admin.server} (is \`flotilla serve --data-dir ${admin.dataDir}\` running?): ${err.message}`)));
    req.end(payload);
  });
}

/** The API's own message for a failed call, in one line. */
function failure(what: string, answer: Answer): Error {
  let message = answer.text.trim();
  try {
    message = (JSON.parse(answer.text) as { message?: string }).message ?? message;
  } catch {
    // not a Status: keep the text
  }
  return new Error(`${what}: ${answer.status} ${message.split('\n')[0]}`);
}

async function create(flags: TokenFlags): Promise<void> {
  const admin = await readAdmin(flags.dataDir);
  // The bundle's hash first: a token is worth creating only with a command that can use it.
  const sha = await call(admin, 'GET', '/flotilla/v1/agent.mjs.sha256');
  if (sha.status !== 200) throw failure('the control plane cannot serve the agent bundle', sha);
  const command = await issueJoinCommand({
    server: admin.server,
    caCertPem: admin.caCertPem,
    agentSha256: sha.text.trim(),
    ttlMs: flags.ttlMs,
    description: flags.description,
    async createSecret(secret) {
      const created = await call(admin, 'POST', `/api/v1/namespaces/${TOKEN_NAMESPACE}/secrets`, secret);
      if (created.status !== 201) throw failure('cannot create the bootstrap token', created);
    },
  });
  const lines = [
    `Bootstrap token ${command.tokenId} created (${command.expires ? `expires ${command.expires}` : 'never expires'}).`,
    '',
    'On a machine with Node.js 20 or newer, run:',
    '',
    `  ${command.oneLiner}`,
    '',
    'Or from a clone of Flotilla:',
    '',
    `  ${command.npx}`,
  ];
  if (command.note) lines.push('', command.note);
  process.stdout.write(lines.join('\n') + '\n');
}

async function list(flags: TokenFlags): Promise<void> {
  const admin = await readAdmin(flags.dataDir);
  const selector = encodeURIComponent(`type=${BOOTSTRAP_TOKEN_TYPE}`);
  const answer = await call(admin, 'GET', `/api/v1/namespaces/${TOKEN_NAMESPACE}/secrets?fieldSelector=${selector}`);
  if (answer.status !== 200) throw failure('cannot list bootstrap tokens', answer);
  const rows = [['ID', 'EXPIRES', 'DESCRIPTION']];
  const now = Date.now();
  for (const secret of (JSON.parse(answer.text) as { items: Secret[] }).items) {
    const info = tokenInfoOf(secret);
    if (!info) continue;
    const exp = info.expiration;
    const expires = !exp ? '<never>' : exp.getTime() <= now ? `${rfc3339(exp)} (expired)` : rfc3339(exp);
    rows.push([info.id, expires, info.description ?? '']);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  process.stdout.write(rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('   ').trimEnd()).join('\n') + '\n');
}

async function remove(flags: TokenFlags): Promise<void> {
  const [given] = flags.positional;
  if (!given) throw new Error(`token delete needs a token ID (see \`flotilla token --help\`)`);
  const id = given.split('.')[0]!;
  if (!/^[a-z0-9]{6}$/.test(id)) throw new Error(`"${given}" is not a bootstrap token ID (6 characters of a-z and 0-9)`);
  const admin = await readAdmin(flags.dataDir);
  const answer = await call(admin, 'DELETE', `/api/v1/namespaces/${TOKEN_NAMESPACE}/secrets/${BOOTSTRAP_TOKEN_PREFIX}${id}`);
  if (answer.status === 404) throw new Error(`bootstrap token ${id} not found`);
  if (answer.status !== 200) throw failure(`cannot delete bootstrap token ${id}`, answer);
  process.stdout.write(`bootstrap token ${id} deleted\n`);
}

export async function runToken(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    process.stdout.write(TOKEN_USAGE + '\n');
    return;
  }
  const flags = parseTokenFlags(rest);
  if (sub === 'create') return create(flags);
  if (sub === 'list') return list(flags);
  if (sub === 'delete') return remove(flags);
  throw new Error(`unknown token command "${sub}" (see \`flotilla token --help\`)`);
}
