// monaco-yaml's worker re-exported from our own file: Vite bundles a dependency's
// worker imported directly without the module Monaco loads into it (monaco-yaml's
// FAQ, "Why doesn't it work with Vite?").
import 'monaco-yaml/yaml.worker.js';
