/**
 * Helpers of the AI co-author specs: the scripted OpenAI-compatible server
 * (started by playwright.config.js), the agent's settings and API key, the
 * chat panel, and what the page knows (cell sources, awareness).
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { galata } from '@jupyterlab/galata';
import type { Browser, Page } from '@playwright/test';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { IRecordedRequest } from '../../testing/scripted-openai-server.cjs';
import {
  authorization,
  scriptedClient
} from '../../testing/scripted-client.cjs';
import { apiKeyStorageKey } from '../../src/core/agent/endpoint';
import { run } from './helpers';

// The suite's `run`, for the agent specs that import it from here.
export { run };

/**
 * Where the scripted server listens: the same port as in
 * playwright.config.js. 127.0.0.1 while JupyterLab is on localhost:8888, so
 * every request to the model is cross-origin, as with a real endpoint.
 */
export const SCRIPTED_PORT = Number(process.env.COAUTHOR_SCRIPTED_PORT || 8911);
export const SCRIPTED_ORIGIN = `http://127.0.0.1:${SCRIPTED_PORT}`;
export const SCRIPTED_BASE_URL = `${SCRIPTED_ORIGIN}/v1`;

/**
 * The API key the scripted server requires (it answers 401 to any request
 * without `Authorization: Bearer <key>`): the same as in
 * playwright.config.js.
 */
export const API_KEY =
  process.env.COAUTHOR_SCRIPTED_KEY || 'sk-coauthor-e2e-4f9a2c7e51';

/** The model name: the agent's name in the chat, the suggestions and presence. */
export const MODEL = 'test-model';

/** The agent settings the specs use (`schema/agent.json`). */
export const AGENT_SETTINGS = {
  preset: 'custom',
  baseUrl: SCRIPTED_BASE_URL,
  model: MODEL,
  editMode: 'suggest',
  saveChats: true
};

/** The settings id of the agent. */
export const AGENT_PLUGIN = 'jupyterlab-coauthor:agent';

export type { IRecordedRequest };

/**
 * The scripted server's control endpoints (testing/scripted-client.cjs,
 * the client the jest specs use too).
 */
export const scripted = scriptedClient(SCRIPTED_ORIGIN);

/** The Authorization header of a recorded request. */
export { authorization };

/**
 * Configure the agent through JupyterLab's settings registry, as the
 * Settings Editor would (Galata keeps the page's settings in memory).
 */
export async function configureAgent(
  page: IJupyterLabPageFixture,
  settings: Record<string, unknown> = AGENT_SETTINGS
): Promise<void> {
  await page.evaluate(
    async ({ id, raw }) => {
      const registry = await (window as any).galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      await registry.upload(id, raw);
    },
    { id: AGENT_PLUGIN, raw: JSON.stringify(settings, null, 2) }
  );
}

/** Open the chat panel (`coauthor:open-chat`) and wait until it shows. */
export async function openChat(page: IJupyterLabPageFixture | Page) {
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('coauthor:open-chat')
  );
  const panel = page.locator('#jp-coauthor-chat');
  await panel.waitFor({ state: 'visible' });
  return panel;
}

/** Set the API key with the chat panel's key button and its dialog. */
export async function setApiKeyWithButton(
  page: IJupyterLabPageFixture | Page,
  key: string
): Promise<void> {
  await page.locator('#jp-coauthor-chat .jp-coauthor-api-key').click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.locator('input[type="password"]').fill(key);
  await dialog.locator('.jp-mod-accept').click();
  await dialog.waitFor({ state: 'detached' });
}

/** The localStorage item of the key of an endpoint (src/lab/apiKeyStore.ts). */
export const apiKeyItem = apiKeyStorageKey;

/** Type a message in the chat panel and send it with Enter. */
export async function sendMessage(
  page: IJupyterLabPageFixture | Page,
  text: string
): Promise<void> {
  const textarea = page.locator(
    '#jp-coauthor-chat .jp-coauthor-ChatPanel-textarea'
  );
  await textarea.fill(text);
  await textarea.press('Enter');
}

/**
 * Record what the chat panel shows of assistant messages while they change:
 * one snapshot per DOM mutation. Read them with `streamSnapshots`.
 */
export async function recordAssistantMessages(
  page: IJupyterLabPageFixture | Page
): Promise<void> {
  await page.evaluate(() => {
    const w = window as any;
    w.__coauthorSnapshots = [];
    const root = document.querySelector('#jp-coauthor-chat');
    if (!root) {
      throw new Error('the chat panel is not in the page');
    }
    w.__coauthorObserver?.disconnect();
    const observer = new MutationObserver(() => {
      for (const node of Array.from(
        root.querySelectorAll('.jp-coauthor-ChatMessage.jp-mod-assistant')
      )) {
        const item = node as HTMLElement;
        w.__coauthorSnapshots.push({
          // Wall-clock time, comparable between two pages of one machine.
          t: performance.timeOrigin + performance.now(),
          id: item.dataset.messageId,
          streaming: item.classList.contains('jp-mod-streaming'),
          text: (
            item.querySelector('.jp-coauthor-ChatMessage-body')?.textContent ??
            ''
          )
            .replace(/\s+/g, ' ')
            .trim()
        });
      }
    });
    observer.observe(root, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true
    });
    w.__coauthorObserver = observer;
  });
}

/** The snapshots taken since `recordAssistantMessages`. */
export async function streamSnapshots(
  page: IJupyterLabPageFixture | Page
): Promise<IStreamSnapshot[]> {
  return page.evaluate(() => (window as any).__coauthorSnapshots ?? []);
}

/** What an assistant message showed at one moment. */
export interface IStreamSnapshot {
  t: number;
  id: string;
  streaming: boolean;
  text: string;
}

/**
 * How long after the first page the second one showed each text that both
 * showed while streaming (ms, one per text), in order.
 */
export function streamLags(
  first: IStreamSnapshot[],
  second: IStreamSnapshot[]
): number[] {
  const firstSeen = (snapshots: IStreamSnapshot[]) => {
    const seen = new Map<string, number>();
    for (const s of snapshots) {
      if (s.streaming && s.text && !seen.has(s.text)) {
        seen.set(s.text, s.t);
      }
    }
    return seen;
  };
  const a = firstSeen(first);
  const b = firstSeen(second);
  return [...a]
    .filter(([text]) => b.has(text))
    .map(([text, t]) => b.get(text)! - t);
}

/**
 * The distinct non-empty texts an assistant message showed while it was
 * marked streaming, in order.
 */
export function streamedTexts(snapshots: IStreamSnapshot[]): string[] {
  const texts: string[] = [];
  for (const s of snapshots) {
    if (s.streaming && s.text && texts[texts.length - 1] !== s.text) {
      texts.push(s.text);
    }
  }
  return texts;
}

/** The source of a cell of the open notebook, by nbformat id, from its model. */
export async function cellSourceById(
  page: IJupyterLabPageFixture | Page,
  path: string,
  cellId: string
): Promise<string | null> {
  return page.evaluate(
    ({ notebookPath, id }) => {
      const app = (window as any).jupyterapp;
      for (const widget of app.shell.widgets('main')) {
        if (widget.context?.path === notebookPath && widget.content?.model) {
          const cells = widget.content.model.sharedModel.cells;
          const cell = cells.find((c: any) => c.getId() === id);
          return cell ? cell.getSource() : null;
        }
      }
      throw new Error(`${notebookPath} is not open`);
    },
    { notebookPath: path, id: cellId }
  );
}

/** One peer in a notebook's awareness. */
export interface IAwarenessPeer {
  clientId: number;
  local: boolean;
  name: string | null;
  username: string | null;
  color: string | null;
  agent: { activity: string; cellId: string | null } | null;
}

/** The peers in the awareness of an open notebook's shared model. */
export async function awarenessPeers(
  page: IJupyterLabPageFixture | Page,
  path: string
): Promise<IAwarenessPeer[]> {
  return page.evaluate(notebookPath => {
    const app = (window as any).jupyterapp;
    for (const widget of app.shell.widgets('main')) {
      if (widget.context?.path === notebookPath && widget.content?.model) {
        const awareness = widget.content.model.sharedModel.awareness;
        if (!awareness) {
          return [];
        }
        const peers: any[] = [];
        awareness.getStates().forEach((state: any, clientId: number) => {
          peers.push({
            clientId,
            local: clientId === awareness.clientID,
            name: state?.user?.display_name ?? state?.user?.name ?? null,
            username: state?.user?.username ?? null,
            color: state?.user?.color ?? null,
            agent: state?.agent ?? null
          });
        });
        return peers;
      }
    }
    throw new Error(`${notebookPath} is not open`);
  }, path);
}

/**
 * A second person in their own browser context (like helpers.ts's
 * openSecondUser), with their own in-memory settings: by default the agent
 * is not configured for them, so whatever they see of it comes from the
 * first person's browser.
 */
export async function openSecondPerson(options: {
  browser: Browser;
  baseURL: string;
  waitForApplication: (page: Page, helpers: any) => Promise<void>;
  tmpPath: string;
  name: string;
}): Promise<IJupyterLabPageFixture> {
  const { page } = await galata.newPage({
    browser: options.browser,
    baseURL: options.baseURL,
    tmpPath: options.tmpPath,
    waitForApplication: options.waitForApplication,
    mockSettings: { ...galata.DEFAULT_SETTINGS },
    mockUser: {
      identity: {
        username: options.name.toLowerCase(),
        name: options.name,
        display_name: options.name,
        initials: options.name.slice(0, 1),
        color: 'var(--jp-collaborator-color3)'
      }
    } as any
  });
  // Acknowledge any dialog, as helpers.ts's openSecondUser does.
  await page.evaluate(() => {
    (window as any).galataip.on('dialog', (d: any) => d?.resolve());
  });
  return page;
}

/** Collect the page's uncaught errors (a crash shows here). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(String(error)));
  return errors;
}

const REPO = path.resolve(__dirname, '..', '..');

/** The core compiled for the agent, once per run (like agent-check.sh). */
export function compileCore(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'coauthor-agent-lib-'));
  execFileSync(
    process.execPath,
    [
      path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
      'src/core/headless/index.ts',
      'src/core/agent/index.ts',
      'src/core/room/index.ts',
      // Loaded by bin/compiled-core.mjs itself (the @jupyter/ydoc warnings'
      // workaround), not through the entry points above.
      'src/core/internals/ydoc.ts',
      '--outDir',
      out,
      '--rootDir',
      'src',
      '--module',
      'esnext',
      '--target',
      'es2022',
      '--moduleResolution',
      'node',
      '--esModuleInterop',
      '--skipLibCheck',
      '--strict',
      '--types',
      'node'
    ],
    { cwd: REPO, stdio: 'inherit' }
  );
  return out;
}

/** Start `coauthor-agent` on a notebook of the test server. */
export function startAgent(options: {
  lib: string;
  baseURL: string;
  notebook: string;
  log: string[];
  name?: string;
  color?: string;
}): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      path.join(REPO, 'bin', 'coauthor-agent.mjs'),
      '--server',
      options.baseURL,
      '--notebook',
      options.notebook,
      '--model-url',
      SCRIPTED_BASE_URL,
      '--model',
      MODEL,
      '--name',
      options.name ?? 'Ada',
      '--color',
      options.color ?? '#2e7d32'
    ],
    {
      cwd: REPO,
      env: {
        ...process.env,
        COAUTHOR_CORE_LIB: options.lib,
        COAUTHOR_API_KEY: API_KEY
      },
      stdio: ['ignore', 'ignore', 'pipe']
    }
  );
  child.stderr!.on('data', data => options.log.push(String(data)));
  return child;
}

/** The agent of that name in a notebook's awareness, or null. */
export async function agentPeer(
  page: IJupyterLabPageFixture,
  notebook: string,
  name: string
) {
  const peers = await awarenessPeers(page, notebook);
  return peers.find(p => p.name === name && p.agent) ?? null;
}
