/**
 * Types of the scripted server's client (see scripted-client.cjs).
 */
import type {
  IRecordedRequest,
  ScriptedResponse
} from './scripted-openai-server.cjs';

/** The control endpoints of one scripted server. */
export interface IScriptedClient {
  /** Forget the queue and the recorded requests. */
  reset(): Promise<void>;
  /** Queue responses, answered in order, one per chat completion request. */
  script(
    ...responses: (ScriptedResponse | Record<string, unknown>)[]
  ): Promise<void>;
  /** Drop what is still queued. */
  clearQueue(): Promise<void>;
  /** Every request received since the last reset. */
  requests(): Promise<IRecordedRequest[]>;
  /** What `GET /v1/models` lists, until the next reset. */
  setModels(models: string[]): Promise<void>;
  /** The chat completion requests received since the last reset. */
  completions(): Promise<IRecordedRequest[]>;
}

/** A client of the scripted server at `origin` (without /v1). */
export function scriptedClient(origin: string): IScriptedClient;

/** The Authorization header of a recorded request. */
export function authorization(request: IRecordedRequest): string | undefined;
