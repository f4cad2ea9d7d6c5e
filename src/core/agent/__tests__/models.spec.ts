import {
  IScriptedServer,
  startScriptedServer
} from '../../../../testing/scripted-openai-server.cjs';
import { scriptedClient } from '../../../../testing/scripted-client.cjs';
import { listModels } from '..';

function answering(status: number, body: unknown): jest.Mock {
  return jest.fn(
    async () =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' }
      })
  );
}

describe('listModels', () => {
  it('lists the ids of GET {baseURL}/models, sorted, without duplicates', async () => {
    const fetch = answering(200, {
      object: 'list',
      data: [
        { id: 'qwen3:8b', object: 'model' },
        { id: 'llama3.2', object: 'model' },
        { id: 'qwen3:8b', object: 'model' }
      ]
    });
    const result = await listModels({
      baseUrl: 'http://localhost:9/v1/',
      apiKey: 'sk-secret',
      fetch
    });
    expect(result).toEqual({ ok: true, models: ['llama3.2', 'qwen3:8b'] });
    const [url, init] = fetch.mock.calls[0] as any[];
    expect(String(url)).toBe('http://localhost:9/v1/models');
    expect(init.method).toBe('GET');
    expect(new Headers(init.headers).get('authorization')).toBe(
      'Bearer sk-secret'
    );
  });

  it('says in words why there is no list, never with the key', async () => {
    const notFound = await listModels({
      baseUrl: 'http://localhost:9/v1',
      apiKey: '',
      fetch: answering(404, { error: { message: 'Not found' } })
    });
    expect(notFound).toEqual({
      ok: false,
      message:
        'http://localhost:9/v1 does not list its models (404 on /models). Type the model name instead.'
    });
    const refused = await listModels({
      baseUrl: 'http://localhost:9/v1',
      apiKey: 'sk-abcdefghijklmnopqrstuvwx',
      fetch: answering(401, {
        error: { message: 'Incorrect API key sk-abcdefghijklmnopqrstuvwx' }
      })
    });
    expect(refused.ok).toBe(false);
    const message = (refused as { message: string }).message;
    expect(message).toContain('refused the API key (401)');
    expect(message).not.toContain('sk-abcdefghijklmnopqrstuvwx');
    const unreachable = await listModels({
      baseUrl: 'http://localhost:9/v1',
      apiKey: '',
      fetch: jest.fn(async () => {
        throw new TypeError('fetch failed');
      })
    });
    expect((unreachable as { message: string }).message).toContain(
      'Could not reach http://localhost:9/v1'
    );
    expect(await listModels({ baseUrl: ' ', apiKey: '' })).toEqual({
      ok: false,
      message: 'No base URL is set.'
    });
  });
});

describe('listModels against the scripted server', () => {
  let server: IScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer({ models: ['b-model', 'a-model'] });
  });
  afterAll(() => server.close());

  it('lists what /v1/models serves, and what a test sets through /__models', async () => {
    expect(await listModels({ baseUrl: server.baseURL, apiKey: '' })).toEqual({
      ok: true,
      models: ['a-model', 'b-model']
    });
    const control = scriptedClient(server.url);
    await control.setModels(['qwen3:8b']);
    expect(await listModels({ baseUrl: server.baseURL, apiKey: '' })).toEqual({
      ok: true,
      models: ['qwen3:8b']
    });
    // A reset lists the models it started with again.
    await control.reset();
    expect(await listModels({ baseUrl: server.baseURL, apiKey: '' })).toEqual({
      ok: true,
      models: ['a-model', 'b-model']
    });
  });
});
