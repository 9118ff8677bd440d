// `flotilla token create|list|delete`: bootstrap tokens for joining machines, made
// through the running control plane's API (the server owns the database; this
// process never opens it), with the join command ready to paste.
import { eachFlag } from './flags.ts';
import { request } from 'node:https';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  bootstrapTokenSecret, BOOTSTRAP_TOKEN_TYPE, DEFAULT_TOKEN_TTL_MS, formatBootstrapToken, generateBootstrapToken,
  parseTtl, tokenInfoOf, TOKEN_NAMESPACE, BOOTSTRAP_TOKEN_PREFIX,
} from '../electron/control-plane/join/bootstrap-tokens.ts';
import { caCertHashOf } from '../electron/control-plane/pki/certificates.ts';
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

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const addr of list ?? []) if (!addr.internal && addr.family === 'IPv4') out.push(addr.address);
  }
  return out;
}

function listensOn(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * The address joining machines should use: the kubeconfig's, or a LAN address when the
 * kubeconfig says loopback but the server answers on all addresses.
 */
async function joinServer(server: string): Promise<{ server: string; note?: string }> {
  const url = new URL(server);
  if (!LOOPBACK_HOSTS.has(url.hostname)) return { server };
  const port = Number(url.port || 443);
  for (const address of lanAddresses()) {
    if (await listensOn(address, port)) return { server: `https://${address}:${port}` };
  }
  const example = lanAddresses()[0] ?? '<LAN-IP>';
  return { server, note: `The server listens on ${url.hostname} only, so only this machine can join; for LAN machines restart it with \`flotilla serve --listen ${example}:${port}\`.` };
}

/** Quotes an argument for sh/bash when it needs it. */
function shellArg(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A `node -e` script (one line, no single quotes, so it sits in '…' for sh and bash)
 * that downloads the agent, refuses it unless its sha256 is `sha256`, keeps it in
 * ~/.flotilla-agent/agent.mjs and runs it with the arguments that follow. TLS is not
 * verified for this download only: the printed hash is what makes the bytes trusted.
 */
export function joinScript(server: string, sha256: string): string {
  return [
    `const u=${JSON.stringify(server)},h=${JSON.stringify(sha256)},p=require("path"),fs=require("fs"),f=p.join(require("os").homedir(),".flotilla-agent","agent.mjs");`,
    'require("https").get(u+"/flotilla/v1/agent.mjs",{rejectUnauthorized:false},r=>{const b=[];r.on("data",d=>b.push(d)).on("end",()=>{const d=Buffer.concat(b);',
    'if(require("crypto").createHash("sha256").update(d).digest("hex")!==h){console.error("the agent from "+u+" (HTTP "+r.statusCode+") does not match sha256 "+h+"; not running it");process.exit(1)}',
    'fs.mkdirSync(p.dirname(f),{recursive:true,mode:0o700});fs.writeFileSync(f,d);process.argv=[process.argv[0],f,...process.argv.slice(1)];',
    'import(require("url").pathToFileURL(f).href).catch(e=>{console.error(e);process.exit(1)})})})',
    '.on("error",e=>{console.error("cannot download the agent from "+u+": "+e.message);process.exit(1)})',
  ].join('');
}

export function joinCommands(input: { server: string; sha256: string; token: string; caCertHash: string }): { oneLiner: string; npx: string } {
  const agentArgs = ['agent', '--server', input.server, '--token', input.token, '--ca-cert-hash', input.caCertHash].map(shellArg).join(' ');
  return {
    oneLiner: `node -e '${joinScript(input.server, input.sha256)}' ${agentArgs}`,
    npx: `npx flotilla ${agentArgs}`,
  };
}

async function create(flags: TokenFlags): Promise<void> {
  const admin = await readAdmin(flags.dataDir);
  // The bundle's hash first: a token is worth creating only with a command that can use it.
  const sha = await call(admin, 'GET', '/flotilla/v1/agent.mjs.sha256');
  if (sha.status !== 200) throw failure('the control plane cannot serve the agent bundle', sha);
  const sha256 = sha.text.trim();
  const token = generateBootstrapToken();
  const secret = bootstrapTokenSecret({ token, ttlMs: flags.ttlMs, description: flags.description });
  const created = await call(admin, 'POST', `/api/v1/namespaces/${TOKEN_NAMESPACE}/secrets`, secret);
  if (created.status !== 201) throw failure('cannot create the bootstrap token', created);
  const { server, note } = await joinServer(admin.server);
  const commands = joinCommands({ server, sha256, token: formatBootstrapToken(token), caCertHash: caCertHashOf(admin.caCertPem) });
  const expiry = flags.ttlMs > 0 ? `expires ${new Date(Date.now() + flags.ttlMs).toISOString().replace(/\.\d{3}Z$/, 'Z')}` : 'never expires';
  const lines = [
    `Bootstrap token ${token.id} created (${expiry}).`,
    '',
    'On a machine with Node.js 20 or newer, run:',
    '',
    `  ${commands.oneLiner}`,
    '',
    'Or from a clone of Flotilla:',
    '',
    `  ${commands.npx}`,
  ];
  if (note) lines.push('', note);
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
    const expires = !exp ? '<never>' : exp.getTime() <= now ? `${exp.toISOString().replace(/\.\d{3}Z$/, 'Z')} (expired)` : exp.toISOString().replace(/\.\d{3}Z$/, 'Z');
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
