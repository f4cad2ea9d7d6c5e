import { APIError } from 'openai';
import { createClient, describeError, IClientOptions } from './client';

/**
 * What `listModels` found: the model ids, sorted, or why there are none.
 */
export type ModelList =
  | { readonly ok: true; readonly models: string[] }
  | { readonly ok: false; readonly message: string };

/**
 * The models an OpenAI-compatible endpoint serves: `GET {baseURL}/models`,
 * answered as `{ data: [{ id }] }` by OpenAI, vLLM, llama.cpp's server,
 * Ollama's OpenAI layer, LM Studio and OpenRouter. Never rejects: an
 * endpoint without the route or a refused key gives a message in words,
 * and the user can still type a model name.
 */
export async function listModels(
  options: IClientOptions & { signal?: AbortSignal }
): Promise<ModelList> {
  const where = options.baseUrl.trim() || 'the endpoint';
  if (!options.baseUrl.trim()) {
    return { ok: false, message: 'No base URL is set.' };
  }
  try {
    const client = createClient({
      maxRetries: 0,
      timeoutMs: 15000,
      ...options
    });
    const ids = new Set<string>();
    for await (const model of client.models.list({ signal: options.signal })) {
      if (typeof model?.id === 'string' && model.id) {
        ids.add(model.id);
      }
    }
    return { ok: true, models: [...ids].sort((a, b) => a.localeCompare(b)) };
  } catch (error) {
    if (error instanceof APIError && error.status === 404) {
      return {
        ok: false,
        message: `${where} does not list its models (404 on /models). Type the model name instead.`
      };
    }
    const described = describeError(error, {
      baseUrl: options.baseUrl,
      model: '',
      apiKey: options.apiKey
    });
    return { ok: false, message: described.message };
  }
}
