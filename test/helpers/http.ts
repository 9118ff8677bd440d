// A plain HTTP GET to a loopback port (a forwarded port, say), on a fresh connection.
import http from 'node:http';

export function httpGetText(port: number, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}
