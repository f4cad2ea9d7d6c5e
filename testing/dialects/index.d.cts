/**
 * Types of the recorded dialects (see index.cjs).
 */
import type { ScriptedResponse } from '../scripted-openai-server.cjs';

/** One response as a server sent it. */
export interface IRecordedResponse {
  /** Where its shape is documented. */
  source: string;
  status: number;
  headers: Record<string, string>;
  /** The body in the pieces it arrives in (streams). */
  chunks?: string[];
  /** Or the whole body. */
  body?: string;
}

/** One server's dialect. */
export interface IDialect {
  server: string;
  sources: string[];
  responses: Record<string, IRecordedResponse>;
}

/** The servers recorded. */
export type DialectName =
  | 'deepseek'
  | 'gemini'
  | 'llamacpp'
  | 'lmstudio'
  | 'ollama'
  | 'openrouter'
  | 'vllm';

export const dialects: Record<DialectName, IDialect>;

/** A scripted response that replays a recorded one. */
export function recorded(dialect: DialectName, name: string): ScriptedResponse;
