/**
 * Types of the scripted OpenAI-compatible test server (see the .cjs file
 * for what each scripted response does).
 */

/** A tool call that a scripted reply makes. */
export interface IScriptedToolCall {
  /** The call id (generated when omitted). */
  id?: string;
  /** The function name. */
  name: string;
  /** The arguments: a JSON string (possibly malformed on purpose) or a value. */
  arguments?: string | unknown;
  /** In how many pieces the arguments are streamed. */
  split?: number;
}

/** One scripted response. */
export type ScriptedResponse =
  | {
      type?: 'reply';
      text?: string | string[];
      chunkSize?: number;
      toolCalls?: IScriptedToolCall[];
      finishReason?: string;
      delayMs?: number;
      cutAfter?: number;
      endAfter?: number;
      holdAfter?: number;
      usage?: unknown;
    }
  | {
      type: 'error';
      status: number;
      message?: string;
      errorType?: string;
      code?: string | null;
      headers?: Record<string, string>;
    }
  | {
      type: 'raw';
      status?: number;
      headers?: Record<string, string>;
      /** The whole body. */
      body?: string;
      /** Or the body in the pieces to write, in order. */
      chunks?: string[];
      /** A pause after each piece. */
      delayMs?: number;
    };

/** A request the server received. */
export interface IRecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  rawBody: string;
  time: number;
}

/** Options of `startScriptedServer`. */
export interface IScriptedServerOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  models?: string[];
  whenEmpty?: 'error' | 'echo';
}

/** A running scripted server. */
export interface IScriptedServer {
  readonly url: string;
  readonly baseURL: string;
  readonly port: number;
  readonly requests: IRecordedRequest[];
  readonly pending: number;
  script(...responses: (ScriptedResponse | ScriptedResponse[])[]): void;
  reset(): void;
  close(): Promise<void>;
}

/** Start a scripted server on 127.0.0.1 (a free port by default). */
export function startScriptedServer(
  options?: IScriptedServerOptions
): Promise<IScriptedServer>;

/** Run the CLI with the given arguments. */
export function runCli(argv: string[]): Promise<IScriptedServer | null>;
