// The control plane serves HTTPS with a certificate from its own CA, which the
// system does not know. The app trusts that CA, and only for the API origin.
import { X509Certificate } from 'node:crypto';
import type { Certificate } from 'electron';

export function makeApiTrust(apiUrl: string, caCertPem: string): (url: string, certificate: Certificate) => boolean {
  const origin = new URL(apiUrl).origin;
  const ca = new X509Certificate(caCertPem);
  return (url, certificate) => {
    if (new URL(url).origin !== origin) return false;
    try {
      const leaf = new X509Certificate(certificate.data);
      const now = Date.now();
      return leaf.checkIssued(ca) && leaf.verify(ca.publicKey)
        && Date.parse(leaf.validFrom) <= now && now <= Date.parse(leaf.validTo);
    } catch {
      return false;
    }
  };
}
