// kubeadm's --discovery-token-ca-cert-hash: what a joining machine pins the cluster's CA by.
// The control plane prints it in join commands and the agent checks it, so it lives in the layer both import.
import { createHash, X509Certificate } from 'node:crypto';

/** `sha256:<hex>` of the certificate's DER SubjectPublicKeyInfo. */
export function caCertHashOf(caCertPem: string): string {
  const spki = new X509Certificate(caCertPem).publicKey.export({ type: 'spki', format: 'der' });
  return 'sha256:' + createHash('sha256').update(spki).digest('hex');
}

/** Accepts what users paste (upper-case hex too); throws on anything that cannot be a hash. */
export function normalizeCaCertHash(hash: string): string {
  const m = /^sha256:([0-9a-fA-F]{64})$/.exec(hash.trim());
  if (!m) throw new Error(`--ca-cert-hash must be sha256: followed by 64 hex digits, got "${hash}"`);
  return 'sha256:' + m[1]!.toLowerCase();
}
