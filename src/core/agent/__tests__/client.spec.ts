import {
  IScriptedServer,
  startScriptedServer
} from '../../../../testing/scripted-openai-server.cjs';
import { completionRequest, createClient, redactKey, setupHint } from '..';

describe('the OpenAI-compatible client', () => {
  let server: IScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer({ models: ['llama3.2', 'qwen2.5'] });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('sends the key only in the Authorization header', async () => {
    const client = createClient({
      baseUrl: server.baseURL + '/',
      apiKey: 'sk-abcdef123456'
    });
    const models = await client.models.list();
    expect(models.data.map(m => m.id)).toEqual(['llama3.2', 'qwen2.5']);
    expect(server.requests[0].path).toBe('/v1/models');
    expect(server.requests[0].headers.authorization).toBe(
      'Bearer sk-abcdef123456'
    );
  });

  it('sends no Authorization header without a key (local servers)', async () => {
    const client = createClient({ baseUrl: server.baseURL, apiKey: '' });
    await client.models.list();
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('builds a streamed request without tool_choice', () => {
    const request = completionRequest(
      { model: 'm', temperature: 0.5 },
      [{ role: 'user', content: 'hi' }],
      []
    );
    expect(request).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      temperature: 0.5
    });
  });

  it('says what is missing when no endpoint is configured', () => {
    expect(setupHint({ baseUrl: '', model: 'x' })).toMatch(
      /needs an endpoint \(base URL\)\./
    );
    expect(setupHint({ baseUrl: 'http://h/v1', model: ' ' })).toMatch(
      /needs a model\./
    );
    expect(setupHint({ baseUrl: 'http://h/v1', model: 'm' })).toBeNull();
  });

  it('redacts the key and key-like strings', () => {
    expect(
      redactKey('bad key sk-abcdef123456 (…3456)', 'sk-abcdef123456')
    ).toBe('bad key [key] (…[key])');
    expect(redactKey('other sk-proj-ZZZZZZZZ', '')).toBe('other [key]');
  });
});
