import { requestDocSession, roomUrl, SessionError } from '../session';

/**
 * The session request and room URL as jupyter-collaboration defines them:
 * `PUT api/collaboration/session/{path}` with `{format, type}` answers
 * `{format, type, fileId, sessionId}` (jupyter_server_ydoc/handlers.py,
 * `DocSessionHandler.put`); the room is `api/collaboration/room/
 * {format}:{type}:{fileId}?sessionId=...` (docprovider/src/yprovider.ts).
 */
describe('requestDocSession', () => {
  function fakeFetch(status: number, body: unknown) {
    const calls: { url: string; init: any }[] = [];
    const fetch = async (url: string, init: any) => {
      calls.push({ url, init });
      return {
        ok: status >= 200 && status < 300,
        status,
        json: async () => body,
        text: async () => JSON.stringify(body)
      };
    };
    return { fetch, calls };
  }

  it('asks for a notebook session with the token in a header', async () => {
    const { fetch, calls } = fakeFetch(201, {
      format: 'json',
      type: 'notebook',
      fileId: 'f-1',
      sessionId: 's-1'
    });
    const session = await requestDocSession(
      { baseUrl: 'http://127.0.0.1:8888/', token: 'tok' },
      'dir/my notebook.ipynb',
      { fetch }
    );
    expect(session).toEqual({
      format: 'json',
      type: 'notebook',
      fileId: 'f-1',
      sessionId: 's-1'
    });
    expect(calls[0].url).toBe(
      'http://127.0.0.1:8888/api/collaboration/session/dir/my%20notebook.ipynb'
    );
    expect(calls[0].init.method).toBe('PUT');
    expect(calls[0].init.headers.Authorization).toBe('token tok');
    expect(JSON.parse(calls[0].init.body)).toEqual({
      format: 'json',
      type: 'notebook'
    });
  });

  it('sends no Authorization header without a token', async () => {
    const { fetch, calls } = fakeFetch(200, { fileId: 'f', sessionId: 's' });
    await requestDocSession({ baseUrl: 'http://h', token: '' }, 'a.ipynb', {
      fetch
    });
    expect(calls[0].init.headers.Authorization).toBeUndefined();
  });

  it('fails with the status when the server refuses', async () => {
    const { fetch } = fakeFetch(403, { message: 'Forbidden' });
    const request = requestDocSession(
      { baseUrl: 'http://h', token: 'bad' },
      'a.ipynb',
      { fetch }
    );
    await expect(request).rejects.toBeInstanceOf(SessionError);
    await expect(request).rejects.toMatchObject({ status: 403 });
  });

  it('fails on an answer without ids', async () => {
    const { fetch } = fakeFetch(200, { format: 'json' });
    await expect(
      requestDocSession({ baseUrl: 'http://h', token: '' }, 'a.ipynb', {
        fetch
      })
    ).rejects.toThrow(/no fileId/);
  });
});

describe('roomUrl', () => {
  const session = {
    format: 'json',
    type: 'notebook',
    fileId: '3f2a-77',
    sessionId: 'abc'
  };

  it('is the websocket URL of the room, with session id and token', () => {
    expect(
      roomUrl(
        { baseUrl: 'http://127.0.0.1:8888/lab-base/', token: 't k' },
        session
      )
    ).toBe(
      'ws://127.0.0.1:8888/lab-base/api/collaboration/room/json:notebook:3f2a-77?sessionId=abc&token=t+k'
    );
  });

  it('uses wss for https and leaves the token out when there is none', () => {
    expect(
      roomUrl({ baseUrl: 'https://hub.example/user/me', token: '' }, session)
    ).toBe(
      'wss://hub.example/user/me/api/collaboration/room/json:notebook:3f2a-77?sessionId=abc'
    );
  });
});
