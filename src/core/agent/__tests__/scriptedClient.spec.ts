import {
  authorization,
  scriptedClient
} from '../../../../testing/scripted-client.cjs';
import {
  IScriptedServer,
  startScriptedServer
} from '../../../../testing/scripted-openai-server.cjs';

/**
 * The scripted server's client (the one the Galata helpers use too),
 * against a server in this process.
 */
describe('scriptedClient', () => {
  let server: IScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer({ apiKey: 'sk-test' });
  });
  afterAll(() => server.close());

  async function complete(): Promise<any> {
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer sk-test',
        'Content-Type': 'application/json'
      },
      body: JSON.stringify({ model: 'm', messages: [] })
    });
    return response.json();
  }

  it('scripts replies, records requests and resets', async () => {
    const control = scriptedClient(server.url);
    await control.reset();
    await control.script({ text: 'first' }, { text: 'second' });
    expect(server.pending).toBe(2);
    const reply = await complete();
    expect(reply.choices[0].message.content).toBe('first');
    const completions = await control.completions();
    expect(completions).toHaveLength(1);
    expect(authorization(completions[0])).toBe('Bearer sk-test');
    // The control requests are not recorded: only what a client sent.
    expect((await control.requests()).map(r => r.path)).toEqual([
      '/v1/chat/completions'
    ]);
    await control.clearQueue();
    expect(server.pending).toBe(0);
    await control.reset();
    expect(await control.completions()).toEqual([]);
  });

  it('says which control request failed', async () => {
    const control = scriptedClient(`${server.url}/nowhere`);
    await expect(control.reset()).rejects.toThrow(
      /scripted server POST \/__reset: HTTP/
    );
  });
});
