// Where the dashboard's API address and token come from: the Electron preload,
// or in a browser the login page, which keeps the token for this tab only.
export interface Connection {
  apiUrl: string;
  token: string;
  /** True inside the desktop app, where there is no login and no logout. */
  embedded: boolean;
}

const TOKEN_KEY = 'flotilla.token';

export function currentConnection(): Connection | undefined {
  if (window.flotilla) return { apiUrl: window.flotilla.apiUrl, token: window.flotilla.token, embedded: true };
  const token = sessionStorage.getItem(TOKEN_KEY);
  // In a browser the dashboard is served by the API server itself.
  return token ? { apiUrl: location.origin, token, embedded: false } : undefined;
}

export function browserConnection(token: string): Connection {
  return { apiUrl: location.origin, token, embedded: false };
}

export function rememberToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
