// Monaco with only what the YAML editor uses (the full bundle carries every
// language), loaded by the editor components on first use so the dashboard's
// first paint does not wait for it.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/browser/coreCommands.js';
import 'monaco-editor/esm/vs/editor/browser/widget/codeEditor/codeEditorWidget.js';
import 'monaco-editor/esm/vs/editor/browser/widget/diffEditor/diffEditor.contribution.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/esm/vs/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/esm/vs/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/esm/vs/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/esm/vs/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/readOnlyMessage/browser/contribution.js';
import 'monaco-editor/esm/vs/editor/common/standaloneStrings.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml, type SchemasSettings } from 'monaco-yaml';
import type { JsonSchema } from '../../model/yaml-openapi.ts';
import YamlWorker from './yaml.worker.ts?worker';

export { monaco };

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

interface LegacyWorkerOptions {
  createData?: unknown;
  host?: Record<string, (...args: never[]) => unknown>;
  keepIdleModels?: boolean;
}

/**
 * monaco-yaml asks for its worker as Monaco before 0.55 made them (by label,
 * with createData); 0.55 takes the Worker itself and expects the createData
 * as its second message, which is how Monaco's own languages now start theirs.
 */
const monacoForYaml = {
  ...monaco,
  editor: {
    ...monaco.editor,
    createWebWorker: (options: LegacyWorkerOptions) => {
      const worker = new YamlWorker();
      worker.postMessage('ignore');
      worker.postMessage(options.createData);
      return monaco.editor.createWebWorker({ worker, host: options.host, keepIdleModels: options.keepIdleModels });
    },
  },
} as unknown as typeof monaco;

const monacoYaml = configureMonacoYaml(monacoForYaml, { enableSchemaRequest: false, completion: true, hover: true, validate: true, isKubernetes: true });

/** The schema of each open editor's model, by model URI; monaco-yaml takes them all at once. */
const schemas = new Map<string, JsonSchema>();

export function setSchema(model: monaco.editor.ITextModel, schema: JsonSchema | undefined): void {
  const uri = model.uri.toString();
  if (schema) schemas.set(uri, schema);
  else schemas.delete(uri);
  // Hovers name a schema's source by the last segment of its URI.
  const settings: SchemasSettings[] = [...schemas].map(([fileUri, fileSchema]) => ({ uri: `${fileUri}/server-openapi-schema`, fileMatch: [fileUri], schema: fileSchema }));
  void monacoYaml.update({ schemas: settings });
}

// Monaco cancels its pending diff computations when a diff editor closes and
// leaves the rejections unhandled; they are not failures.
window.addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof Error && event.reason.name === 'Canceled') event.preventDefault();
});

const dark = window.matchMedia('(prefers-color-scheme: dark)');
const followSystem = () => monaco.editor.setTheme(dark.matches ? 'vs-dark' : 'vs');
dark.addEventListener('change', followSystem);
followSystem();

let models = 0;

/** A YAML model with a URI of its own, so its schema applies to it alone. */
export function createYamlModel(text: string): monaco.editor.ITextModel {
  models += 1;
  return monaco.editor.createModel(text, 'yaml', monaco.Uri.parse(`file:///flotilla/editor-${models}.yaml`));
}
