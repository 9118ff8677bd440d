// Caches that live as long as a connection: a new login may be to another
// server, whose kinds and schemas differ.
import type { ApiClient } from '../api/client.ts';

export function perClient<T>(create: (client: ApiClient) => T): (client: ApiClient) => T {
  const made = new WeakMap<ApiClient, T>();
  return (client) => {
    let value = made.get(client);
    if (!value) {
      value = create(client);
      made.set(client, value);
    }
    return value;
  };
}
