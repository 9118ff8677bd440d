// The join command a new machine pastes: one bootstrap token and the command that
// uses it. `flotilla token create` and the dashboard's "Add a machine" page both get
// theirs from issueJoinCommand, so what the user is told to run has one source.
import net from 'node:net';
import os from 'node:os';
import type { Secret } from '../../../api/types.ts';
import { caCertHashOf } from '../../../client/ca-hash.ts';
import { bootstrapTokenSecret, formatBootstrapToken, generateBootstrapToken, rfc3339 } from './bootstrap-tokens.ts';

export interface JoinCommand {
  tokenId: string;
  /** RFC 3339; absent when the token never expires. */
  expires?: string;
  /** `node -e '…' agent …`: needs only Node.js on the joining machine. */
  oneLiner: string;
  /** The same from a clone of Flotilla. */
  npx: string;
  /** Why machines other than this one cannot use the command, when they cannot. */
  note?: string;
}

export interface JoinCommandInput {
  /** The API server's address as its clients know it. */
  server: string;
  caCertPem: string;
  /** sha256 of the agent bundle the one-liner downloads. */
  agentSha256: string;
  /** 0: the token never expires. */
  ttlMs: number;
  description?: string;
  /** Stores the bootstrap token's Secret (through the API or the registry). */
  createSecret(secret: Secret): Promise<void>;
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
 * The address joining machines should use: the given one, or a LAN address when it
 * is loopback but the server answers on all addresses.
 */
export async function joinServer(server: string): Promise<{ server: string; note?: string }> {
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

/** Creates a bootstrap token and the command that joins a machine with it. */
export async function issueJoinCommand(input: JoinCommandInput): Promise<JoinCommand> {
  const token = generateBootstrapToken();
  const now = new Date();
  await input.createSecret(bootstrapTokenSecret({ token, ttlMs: input.ttlMs, description: input.description, now }));
  const { server, note } = await joinServer(input.server);
  const commands = joinCommands({ server, sha256: input.agentSha256, token: formatBootstrapToken(token), caCertHash: caCertHashOf(input.caCertPem) });
  return {
    tokenId: token.id,
    ...(input.ttlMs > 0 ? { expires: rfc3339(new Date(now.getTime() + input.ttlMs)) } : {}),
    ...commands,
    ...(note ? { note } : {}),
  };
}
