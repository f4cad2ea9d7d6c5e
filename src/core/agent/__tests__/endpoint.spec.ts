import { apiKeyStorageKey, createClient, normalizeBaseUrl } from '..';

describe('normalizeBaseUrl', () => {
  it('drops surrounding spaces and every trailing slash', () => {
    expect(normalizeBaseUrl('  http://127.0.0.1:8911/v1//  ')).toBe(
      'http://127.0.0.1:8911/v1'
    );
    expect(normalizeBaseUrl('http://127.0.0.1:8911/v1')).toBe(
      'http://127.0.0.1:8911/v1'
    );
  });

  it('is what the client sends to', () => {
    const client = createClient({
      baseUrl: ' http://127.0.0.1:8911/v1/ ',
      apiKey: ''
    });
    expect(client.baseURL).toBe('http://127.0.0.1:8911/v1');
  });
});

describe('apiKeyStorageKey', () => {
  it('is one item per endpoint, however its URL was typed', () => {
    expect(apiKeyStorageKey('http://a/v1/')).toBe(
      'jupyterlab-coauthor:api-key:http://a/v1'
    );
    expect(apiKeyStorageKey(' http://a/v1')).toBe(
      apiKeyStorageKey('http://a/v1')
    );
    expect(apiKeyStorageKey('http://b/v1')).not.toBe(
      apiKeyStorageKey('http://a/v1')
    );
  });
});
