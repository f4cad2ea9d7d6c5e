/**
 * Presets for the usual OpenAI-compatible servers. A preset only supplies a
 * default base URL: the user's own `baseUrl` setting always wins.
 *
 * The flags each server needs for browser access and tool calling are in the
 * README ("Connecting a model").
 */
export const ENDPOINT_PRESETS: Readonly<Record<string, IEndpointPreset>> = {
  custom: { label: 'Custom', baseUrl: '' },
  openai: { label: 'OpenAI', baseUrl: 'https://api.openai.com/v1' },
  ollama: { label: 'Ollama', baseUrl: 'http://localhost:11434/v1' },
  vllm: { label: 'vLLM', baseUrl: 'http://localhost:8000/v1' },
  llamacpp: { label: 'llama.cpp server', baseUrl: 'http://localhost:8080/v1' },
  lmstudio: { label: 'LM Studio', baseUrl: 'http://localhost:1234/v1' }
};

/**
 * One endpoint preset.
 */
export interface IEndpointPreset {
  /** A human-readable name. */
  label: string;
  /** The OpenAI-compatible base URL it stands for ('' for none). */
  baseUrl: string;
}

/**
 * The base URL to use: the explicit one if set, else the preset's.
 */
export function resolveBaseUrl(baseUrl: string, preset: string): string {
  const explicit = baseUrl.trim();
  if (explicit) {
    return explicit;
  }
  return ENDPOINT_PRESETS[preset]?.baseUrl ?? '';
}
