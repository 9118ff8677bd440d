import { describe, expect, it } from 'vitest';
import { isExternalUrl } from '../../electron/main/external-url.ts';

describe('links opened in the system browser', () => {
  it('allows web pages and mail', () => {
    for (const url of ['https://kubernetes.io/docs/', 'http://192.168.1.5:8080/', 'mailto:ops@example.com']) expect(isExternalUrl(url)).toBe(true);
  });

  it('refuses files, scripts, other schemes and non-URLs', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'vscode://open', 'not a url', '']) expect(isExternalUrl(url)).toBe(false);
  });
});
