// Vite's `?worker` imports: a module bundled as a worker script, constructed with `new`.
declare module '*?worker' {
  const WorkerConstructor: new () => Worker;
  export default WorkerConstructor;
}
