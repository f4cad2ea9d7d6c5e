/**
 * Helpers of the Lite agent spec: the scripted OpenAI-compatible server
 * (started by playwright.config.js on another port than the site, so the
 * agent's requests are cross-origin), the agent's settings and key, the chat
 * panel, and the notebook's model.
 */
import { Page } from '@playwright/test';

/** Where the scripted server listens (as in playwright.config.js). */
export const SCRIPTED_PORT = Number(
  process.env.COAUTHOR_LITE_SCRIPTED_PORT || 8912
);
export const SCRIPTED_ORIGIN = `http://127.0.0.1:${SCRIPTED_PORT}`;
export const SCRIPTED_BASE_URL = `${SCRIPTED_ORIGIN}/v1`;

/** The key the scripted server requires (as in playwright.config.js). */
export const API_KEY =
  process.env.COAUTHOR_SCRIPTED_KEY || 'sk-coauthor-e2e-4f9a2c7e51';

/** The model name: the agent's name. */
export const MODEL = 'test-model';

/** The agent settings (`schema/agent.json`). */
export const AGENT_SETTINGS = {
  preset: 'custom',
  baseUrl: SCRIPTED_BASE_URL,
  model: MODEL,
  editMode: 'suggest',
  saveChats: true
};

/** A request the scripted server received. */
export interface IRecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** The scripted server's control endpoints. */
export const scripted = {
  async reset(): Promise<void> {
    await control('POST', '/__reset');
  },
  async script(...responses: Record<string, unknown>[]): Promise<void> {
    await control('POST', '/__script', { responses });
  },
  async requests(): Promise<IRecordedRequest[]> {
    return (await control('GET', '/__requests')).requests;
  },
  async completions(): Promise<IRecordedRequest[]> {
    return (await this.requests()).filter(
      r => r.method === 'POST' && /\/chat\/completions$/.test(r.path)
    );
  }
};

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${SCRIPTED_ORIGIN}${path}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined
  });
  if (!response.ok) {
    throw new Error(
      `scripted server ${method} ${path}: HTTP ${response.status}`
    );
  }
  return response.json();
}

/** A header of a recorded request. */
export function header(
  request: IRecordedRequest,
  name: string
): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Configure the agent through the settings registry, as the Settings Editor
 * would (in Lite, settings are kept in the browser's storage).
 */
export async function configureAgent(
  page: Page,
  settings: Record<string, unknown> = AGENT_SETTINGS
): Promise<void> {
  await page.evaluate(
    async ({ id, raw }) => {
      const app = (window as any).jupyterapp;
      const plugins = app.pluginRegistry?._plugins ?? app._plugins;
      const plugin = plugins.get('@jupyterlab/apputils-extension:settings');
      if (!plugin) {
        throw new Error('no settings registry plugin');
      }
      const registry = plugin.activated
        ? plugin.service
        : await app.resolveRequiredService(plugin.provides);
      await registry.upload(id, raw);
    },
    {
      id: 'jupyterlab-coauthor:agent',
      raw: JSON.stringify(settings, null, 2)
    }
  );
}

/** Run a command. */
export async function run(page: Page, id: string): Promise<void> {
  await page.evaluate(
    command => (window as any).jupyterapp.commands.execute(command),
    id
  );
}

/** Open the chat panel and wait until it shows. */
export async function openChat(page: Page): Promise<void> {
  await run(page, 'coauthor:open-chat');
  await page.locator('#jp-coauthor-chat').waitFor({ state: 'visible' });
}

/** Set the API key with the chat panel's key button and its dialog. */
export async function setApiKeyWithButton(page: Page, key: string) {
  await page.locator('#jp-coauthor-chat .jp-coauthor-api-key').click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.locator('input[type="password"]').fill(key);
  await dialog.locator('.jp-mod-accept').click();
  await dialog.waitFor({ state: 'detached' });
}

/** The localStorage item of an endpoint's key (src/lab/apiKeyStore.ts). */
export function apiKeyItem(baseUrl: string): string {
  return `jupyterlab-coauthor:api-key:${baseUrl.trim().replace(/\/+$/, '')}`;
}

/** Type a message and send it with Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const textarea = page.locator(
    '#jp-coauthor-chat .jp-coauthor-ChatPanel-textarea'
  );
  await textarea.fill(text);
  await textarea.press('Enter');
}

/** Record the assistant messages of the chat panel at each DOM mutation. */
export async function recordAssistantMessages(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as any;
    w.__coauthorSnapshots = [];
    const root = document.querySelector('#jp-coauthor-chat');
    if (!root) {
      throw new Error('the chat panel is not in the page');
    }
    const observer = new MutationObserver(() => {
      for (const node of Array.from(
        root.querySelectorAll('.jp-coauthor-ChatMessage.jp-mod-assistant')
      )) {
        const item = node as HTMLElement;
        w.__coauthorSnapshots.push({
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
  });
}

/** The distinct non-empty texts shown while streaming, in order. */
export async function streamedTexts(page: Page): Promise<string[]> {
  const snapshots: { streaming: boolean; text: string }[] = await page.evaluate(
    () => (window as any).__coauthorSnapshots ?? []
  );
  const texts: string[] = [];
  for (const s of snapshots) {
    if (s.streaming && s.text && texts[texts.length - 1] !== s.text) {
      texts.push(s.text);
    }
  }
  return texts;
}

/** A cell's source in the current notebook's model, by nbformat id. */
export async function cellSourceById(
  page: Page,
  cellId: string
): Promise<string | null> {
  return page.evaluate(id => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const cells = panel.content.model.sharedModel.cells;
    const cell = cells.find((c: any) => c.getId() === id);
    return cell ? cell.getSource() : null;
  }, cellId);
}

/** The peers of the current notebook's awareness. */
export async function awarenessNames(
  page: Page
): Promise<{ name: string | null; color: string | null; local: boolean }[]> {
  return page.evaluate(() => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const awareness = panel.content.model.sharedModel.awareness;
    const peers: any[] = [];
    awareness?.getStates().forEach((state: any, clientId: number) => {
      peers.push({
        name: state?.user?.display_name ?? state?.user?.name ?? null,
        color: state?.user?.color ?? null,
        local: clientId === awareness.clientID
      });
    });
    return peers;
  });
}
