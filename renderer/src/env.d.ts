// Lets plain `tsc` see .vue imports; vue-tsc checks the components themselves.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}

interface Window {
  /** Set by the Electron preload: the API address and token. Absent in a browser. */
  readonly flotilla?: { readonly apiUrl: string; readonly token: string };
}
