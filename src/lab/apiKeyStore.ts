import { apiKeyStorageKey } from '../core/agent/endpoint';

/**
 * Where the API key lives: this browser's `localStorage`, for this user only,
 * one key per endpoint. It is never written into a notebook, its shared
 * document, a settings file or a log: it leaves the browser only in the
 * `Authorization` header of requests to the endpoint it belongs to.
 */
export class ApiKeyStore {
  constructor(
    private readonly _storage: Pick<
      Storage,
      'getItem' | 'setItem' | 'removeItem'
    > | null = ApiKeyStore.defaultStorage()
  ) {}

  /** The key for an endpoint, or '' when none is stored. */
  get(baseUrl: string): string {
    return this._storage?.getItem(ApiKeyStore.storageKey(baseUrl)) ?? '';
  }

  /** Store (or, with '', forget) the key for an endpoint. */
  set(baseUrl: string, key: string): void {
    const name = ApiKeyStore.storageKey(baseUrl);
    if (key) {
      this._storage?.setItem(name, key);
    } else {
      this._storage?.removeItem(name);
    }
  }
}

/**
 * The namespace of `ApiKeyStore`.
 */
export namespace ApiKeyStore {
  /** The storage item name for an endpoint's key. */
  export function storageKey(baseUrl: string): string {
    return apiKeyStorageKey(baseUrl);
  }

  /** `localStorage` when there is one (there is none in Node tests). */
  export function defaultStorage(): Storage | null {
    try {
      return typeof localStorage === 'undefined' ? null : localStorage;
    } catch {
      return null;
    }
  }
}
