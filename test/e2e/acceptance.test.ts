// The dashboard's acceptance list, in order, as a user goes through it in Chromium
// against `flotilla serve` with this machine as a node on Docker: log in, create a
// Deployment from YAML in the editor, watch its pods turn Running, scale it, read its
// logs, run a command in a terminal, meet a conflict while kubectl edits the same
// object, and read the node's CPU and memory charts. Screenshots of every view, light
// and dark, go to test-results/screenshots/.
import { stringify } from 'yaml';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, KubeObject, Node } from '../../api/types.ts';
import { LABEL_AGENT_ID } from '../../agent/runtime/types.ts';
import { chromiumMissing, launchBrowser, logIn, screenshot, startServe, type Served } from '../helpers/dashboard.ts';
import { describeDocker, removeContainersLabelled, TEST_IMAGE } from '../helpers/docker.ts';
import { eventually } from '../helpers/eventually.ts';

const WEB_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: web
          image: ${TEST_IMAGE}
          imagePullPolicy: IfNotPresent
          command: ["sh", "-c", "echo hello from web; exec sleep 3600"]
`;

/** Pods start on Docker and the agent reports them within seconds; this leaves room for a busy machine. */
const POD_TIMEOUT = { timeout: 60_000 };

describe.skipIf(chromiumMissing)('dashboard acceptance', () => {
  describeDocker('with this machine as a node on Docker', () => {
    let served: Served;
    let browser: Browser | undefined;
    let page: Page;
    let nodeName: string;

    const testId = (id: string) => page.getByTestId(id);
    const webPods = () => page.locator('[data-testid="row"][data-namespace="default"][data-name^="web-"]');
    const runningWebPods = () => webPods().filter({ has: page.locator('[data-col="status"]', { hasText: /^\s*Running\s*$/ }) });

    /** Opens a list from the sidebar, as a user does: no reload. */
    async function openList(plural: string): Promise<void> {
      await testId(`nav-${plural}`).click();
      await expect.poll(() => page.url()).toMatch(new RegExp(`#/r/${plural}$|#/${plural}$`));
    }

    /** Opens an object's page from its name in its list row. */
    async function openRow(plural: string, row: Locator): Promise<void> {
      await openList(plural);
      const name = await row.getAttribute('data-name');
      await row.locator('[data-col="name"]').getByText(name ?? '', { exact: true }).click();
      await expect.poll(() => page.url()).toMatch(new RegExp(`#/(r/)?${plural}/.+`));
    }

    /** Replaces what the YAML editor holds, typing as a user pastes: into Monaco once it has loaded. */
    async function replaceYaml(text: string): Promise<void> {
      const lines = testId('yaml-editor').locator('.monaco-editor .view-lines');
      await lines.waitFor();
      await lines.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(text);
    }

    async function deployment(): Promise<Deployment & KubeObject> {
      return (await served.api('GET', '/apis/apps/v1/namespaces/default/deployments/web')).body as Deployment & KubeObject;
    }

    /** Later steps need the Deployment even when the editor step failed; that step still reports its own failure. */
    async function ensureDeployment(): Promise<void> {
      if ((await served.api('GET', '/apis/apps/v1/namespaces/default/deployments/web')).status === 200) return;
      const applied = await served.kubectl(['apply', '-f', '-'], { input: WEB_YAML });
      expect(applied.stderr).toBe('');
    }

    async function openPage(b: Browser): Promise<Page> {
      const opened = await b.newPage({ viewport: { width: 1400, height: 900 } });
      // An uncaught error in the page explains a step that fails further on.
      opened.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      opened.on('console', (message) => {
        if (message.type() === 'error') console.error(`page console: ${message.text()}`);
      });
      return opened;
    }

    beforeAll(async () => {
      served = await startServe();
      nodeName = await eventually('this machine Ready as a node', async () => {
        const nodes = (await served.api('GET', '/api/v1/nodes')).body.items as (Node & KubeObject)[] | undefined;
        return nodes?.find((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))?.metadata?.name;
      }, 60_000).catch((err: Error) => {
        throw new Error(`${err.message}\nflotilla serve printed:\n${served.output()}`);
      });
      browser = await launchBrowser(served);
      page = await openPage(browser);
    });

    afterEach(async (ctx) => {
      if (ctx.task.result?.state !== 'fail' || !page || !browser) return;
      await screenshot(page, `failed-${ctx.task.name.replace(/\W+/g, '-')}`);
      // A failed step can leave a dialog open, or every connection the page may open held
      // by watches (then not even a reload gets through): the next step starts in a new tab.
      await page.close();
      page = await openPage(browser);
      await logIn(page, served);
    });

    afterAll(async () => {
      await browser?.close();
      const agentId = await served?.agentId();
      await served?.cleanUp();
      // The local node's containers outlive its agent, as any node's do.
      if (agentId) await removeContainersLabelled(LABEL_AGENT_ID, agentId);
    });

    it('logs in with the token', async () => {
      await logIn(page, served);
      await expect.poll(() => testId('nodes-ready').textContent()).toBe('1');
      await expect.poll(() => testId('nodes-total').textContent()).toBe('1');
      await screenshot(page, 'overview-empty');
    });

    it('creates a Deployment from YAML in the editor', async () => {
      await testId('nav-create').click();
      await replaceYaml(WEB_YAML);
      await screenshot(page, 'create');
      await testId('create-submit').click();
      await expect.poll(() => testId('create-result').textContent()).toMatch(/deployment\.apps\/web created/);
      expect((await deployment()).spec?.template.spec?.containers[0]?.command).toEqual(['sh', '-c', 'echo hello from web; exec sleep 3600']);
      await screenshot(page, 'create-result');
    });

    it('shows its pod appear in the Pods list and turn Running without a reload', async () => {
      await ensureDeployment();
      await openList('pods');
      await expect.poll(() => webPods().count(), POD_TIMEOUT).toBe(1);
      await expect.poll(() => runningWebPods().count(), POD_TIMEOUT).toBe(1);
      await screenshot(page, 'pods');
    });

    it('scales it from its page and the pod count follows', async () => {
      await ensureDeployment();
      await openRow('deployments', page.locator('[data-testid="row"][data-namespace="default"][data-name="web"]'));
      await expect.poll(() => testId('detail-title').textContent()).toMatch(/web/);
      await screenshot(page, 'deployment');
      await testId('scale-button').click();
      await testId('scale-input').fill('3');
      await testId('scale-confirm').click();
      await expect.poll(async () => (await deployment()).spec?.replicas, { timeout: 15_000 }).toBe(3);
      await openList('pods');
      await expect.poll(() => runningWebPods().count(), POD_TIMEOUT).toBe(3);
      await screenshot(page, 'pods-scaled');
    });

    it('opens the logs of the Deployment and shows what its containers printed', async () => {
      await ensureDeployment();
      await openRow('deployments', page.locator('[data-testid="row"][data-namespace="default"][data-name="web"]'));
      await testId('logs-button').click();
      const line = testId('logs-view').getByText('hello from web').first();
      await expect.poll(() => line.isVisible(), POD_TIMEOUT).toBe(true);
      await screenshot(page, 'logs');
    });

    it('opens a terminal in a pod and runs a command', async () => {
      await ensureDeployment();
      await openList('pods');
      await expect.poll(() => runningWebPods().count(), POD_TIMEOUT).toBeGreaterThan(0);
      await openRow('pods', runningWebPods().first());
      await testId('exec-button').click();
      const terminal = testId('terminal');
      const screen = terminal.locator('.xterm-rows');
      // Clicking brings it on screen (xterm renders nothing while out of view) and focuses it.
      await terminal.click();
      // The shell's prompt says the session is open before anything is typed.
      await expect.poll(() => screen.textContent(), POD_TIMEOUT).toMatch(/[#$]\s*$/);
      await page.keyboard.type('echo flotilla-$((6*7))');
      await page.keyboard.press('Enter');
      await expect.poll(() => screen.textContent()).toMatch(/flotilla-42/);
      await screenshot(page, 'terminal');
    });

    it('edits the Deployment while kubectl changes it, shows the conflict, and merges', async () => {
      await ensureDeployment();
      await openRow('deployments', page.locator('[data-testid="row"][data-namespace="default"][data-name="web"]'));
      await testId('tab-yaml').click();
      // The object the editor loaded, with one change of ours: a label.
      const edited = await deployment();
      delete edited.metadata?.managedFields;
      edited.metadata = { ...edited.metadata, labels: { ...edited.metadata?.labels, edited: 'from-dashboard' } };
      await replaceYaml(stringify(edited));
      // Meanwhile, with the edit under way, another client changes the same object.
      const annotated = await served.kubectl(['annotate', 'deployment', 'web', 'changed-by=kubectl']);
      expect(annotated.stderr).toBe('');
      await testId('edit-review').click();
      await screenshot(page, 'yaml-diff');
      await testId('edit-apply').click();
      await expect.poll(() => testId('conflict-message').textContent()).toMatch(/\S/);
      await screenshot(page, 'conflict');
      // The merge leaves the user reviewing the merged object, ready to apply.
      await testId('conflict-merge').click();
      await testId('edit-apply').click();
      await expect.poll(() => testId('edit-result').textContent()).toMatch(/edited/);
      const merged = await deployment();
      // Both changes stand: the merge kept kubectl's annotation.
      expect(merged.metadata?.labels?.edited).toBe('from-dashboard');
      expect(merged.metadata?.annotations?.['changed-by']).toBe('kubectl');
      await screenshot(page, 'merged');
    });

    it('shows the node page with CPU and memory charts of real numbers', async () => {
      await openRow('nodes', page.locator(`[data-testid="row"][data-name="${nodeName}"]`));
      await expect.poll(() => page.locator('[data-testid="node-cpu-chart"]').evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
      await expect.poll(() => page.locator('[data-testid="node-memory-chart"]').evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
      // The node's stats history gains a reading every ~10 s.
      await expect.poll(() => testId('node-cpu-value').textContent(), POD_TIMEOUT).toMatch(/^\s*\d+(\.\d+)?\s*%\s*$/);
      await expect.poll(() => testId('node-memory-value').textContent(), POD_TIMEOUT).toMatch(/^\s*\d+(\.\d+)?\s*(B|KiB|MiB|GiB|TiB)\s*$/);
      const memory = await testId('node-memory-value').textContent();
      expect(parseFloat(memory ?? '')).toBeGreaterThan(0);
      await screenshot(page, 'node');
    });

    it('shows the join page, the events and the overview of the running cluster', async () => {
      await testId('nav-join').click();
      await expect.poll(() => testId('join-command').textContent()).toMatch(/flotilla/);
      await expect.poll(() => testId('join-nodes').textContent()).toContain(nodeName);
      await screenshot(page, 'join');
      await openList('events');
      await expect.poll(() => page.locator('[data-testid="resource-table"] [data-testid="row"]').count()).toBeGreaterThan(0);
      await screenshot(page, 'events');
      await testId('nav-overview').click();
      await expect.poll(() => testId('pods-Running').textContent(), POD_TIMEOUT).toMatch(/^[1-9]/);
      await expect.poll(() => testId('cpu-usage').textContent()).toMatch(/\d/);
      await expect.poll(() => testId('memory-usage').textContent()).toMatch(/\d/);
      await screenshot(page, 'overview');
    });
  });
});
