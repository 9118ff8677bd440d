// The cluster's CA and the API server's serving certificate, made on first start
// and kept in the data dir, so kubectl and agents can pin the CA (kubeadm-style).
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import { caCertHashOf } from '../../../client/ca-hash.ts';

export { caCertHashOf };
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;

export interface Pki {
  caCertPem: string;
  servingCertPem: string;
  servingKeyPem: string;
  /** `sha256:<hex>` of the CA's public key (SubjectPublicKeyInfo), the form kubeadm's --discovery-token-ca-cert-hash uses. */
  caCertHash: string;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function derOf(pemText: string): Buffer {
  return Buffer.from(pemText.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}


/** Names the serving certificate must cover: loopback, this host's name and its LAN addresses. */
export function servingNames(extra: string[] = []): { dns: string[]; ips: string[] } {
  const dns = new Set(['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', os.hostname()]);
  const ips = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(os.networkInterfaces())) {
    for (const addr of list ?? []) if (!addr.internal && !addr.address.startsWith('fe80')) ips.add(addr.address);
  }
  for (const name of extra) (/^[\d.]+$|:/.test(name) ? ips : dns).add(name);
  return { dns: [...dns], ips: [...ips] };
}

async function generateCa(): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=flotilla-ca',
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 10 * 365 * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

async function issueServing(caCertPem: string, caKeyPem: string, names: { dns: string[]; ips: string[] }) {
  const caKey = await webcrypto.subtle.importKey('pkcs8', derOf(caKeyPem), ALG, false, ['sign']);
  const caCert = new x509.X509Certificate(caCertPem);
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    subject: 'CN=kube-apiserver',
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 2 * 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeSecret(file: string, content: string): Promise<void> {
  await fs.writeFile(file + '.tmp', content, { mode: 0o600 });
  await fs.rename(file + '.tmp', file);
}

/** Loads the PKI from `dir`, creating what is missing; re-issues the serving cert when its names no longer cover this host. */
export async function ensurePki(dir: string, extraNames: string[] = []): Promise<Pki> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const caCertFile = path.join(dir, 'ca.crt');
  const caKeyFile = path.join(dir, 'ca.key');
  let caCertPem = await readIfExists(caCertFile);
  let caKeyPem = await readIfExists(caKeyFile);
  if (!caCertPem || !caKeyPem) {
    ({ certPem: caCertPem, keyPem: caKeyPem } = await generateCa());
    await writeSecret(caKeyFile, caKeyPem);
    await writeSecret(caCertFile, caCertPem);
  }
  const names = servingNames(extraNames);
  const certFile = path.join(dir, 'apiserver.crt');
  const keyFile = path.join(dir, 'apiserver.key');
  let servingCertPem = await readIfExists(certFile);
  let servingKeyPem = await readIfExists(keyFile);
  if (!servingCertPem || !servingKeyPem || !covers(servingCertPem, caCertPem, names)) {
    ({ certPem: servingCertPem, keyPem: servingKeyPem } = await issueServing(caCertPem, caKeyPem, names));
    await writeSecret(keyFile, servingKeyPem);
    await writeSecret(certFile, servingCertPem);
  }
  return { caCertPem, servingCertPem, servingKeyPem, caCertHash: caCertHashOf(caCertPem) };
}

function covers(certPem: string, caCertPem: string, names: { dns: string[]; ips: string[] }): boolean {
  const cert = new NodeX509(certPem);
  if (!cert.checkIssued(new NodeX509(caCertPem)) || Date.parse(cert.validTo) < Date.now() + 30 * DAY) return false;
  const entries = (cert.subjectAltName ?? '').split(', ');
  const dns = new Set(entries.filter((e) => e.startsWith('DNS:')).map((e) => e.slice(4)));
  const ips = new Set(entries.filter((e) => e.startsWith('IP Address:')).map((e) => normalizeIp(e.slice(11))));
  return names.dns.every((n) => dns.has(n)) && names.ips.every((ip) => ips.has(normalizeIp(ip)));
}

/** One spelling per address, since OpenSSL prints IPv6 SANs fully expanded. */
function normalizeIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}
