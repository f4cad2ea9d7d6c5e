/**
 * How an endpoint's base URL is written down once read from the settings,
 * with no dependency, so that the client, the API key store and the Galata
 * helpers agree on it.
 */

/** A base URL without surrounding spaces and trailing slashes. */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}

/**
 * The browser storage item of an endpoint's API key: one per endpoint, so
 * that a key is sent only to the endpoint it was given for.
 */
export function apiKeyStorageKey(baseUrl: string): string {
  return `jupyterlab-coauthor:api-key:${normalizeBaseUrl(baseUrl)}`;
}
