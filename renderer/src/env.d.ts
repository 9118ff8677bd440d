// Lets plain `tsc` see .vue imports; vue-tsc checks the components themselves.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}

/** Desktop-app settings, kept by the main process in the app's userData folder. */
interface FlotillaSettings {
  /** Whether this machine runs pods as a node of its own cluster. */
  joinAsNode: boolean;
}

/** A shell in the main process (node-pty), for the desktop app's local terminal. */
interface FlotillaLocalTerminal {
  /** Starts the user's shell with KUBECONFIG set to this cluster; resolves to its id. */
  open(size: { cols: number; rows: number }): Promise<string>;
  write(id: string, data: string): void;
  resize(id: string, size: { cols: number; rows: number }): void;
  close(id: string): void;
  /** Output of terminal `id`; returns an unsubscribe function. */
  onData(id: string, listener: (data: string) => void): () => void;
  onExit(id: string, listener: (exitCode: number) => void): () => void;
}

/** Facts about the desktop app, for its settings page. */
interface FlotillaAbout {
  readonly version: string;
  readonly electronVersion: string;
  /** Where the cluster's state lives (the store, certificates, the local node's data). */
  readonly dataDir: string;
  /** The admin kubeconfig for kubectl and other clients. */
  readonly kubeconfigPath: string;
}

/** What the Electron preload hands the dashboard; absent in a browser. */
interface FlotillaDesktop {
  readonly apiUrl: string;
  readonly token: string;
  readonly about: FlotillaAbout;
  openExternal(url: string): void;
  revealDataFolder(): void;
  copyText(text: string): void;
  getSettings(): Promise<FlotillaSettings>;
  setSettings(settings: Partial<FlotillaSettings>): Promise<FlotillaSettings>;
  readonly terminal: FlotillaLocalTerminal;
}

interface Window {
  readonly flotilla?: FlotillaDesktop;
}
