/**
 * The command line of `coauthor-agent` (bin/coauthor-agent.mjs): parsed
 * here, in the core, so that jest tests it. The option names are a
 * contract (other tools start agents with them): add, never rename.
 */

import { AGENT_DEFAULTS } from '../agent/defaults';

/** What `coauthor-agent` runs with. */
export interface IAgentCommand {
  /** The Jupyter server's base URL. */
  server: string;
  /** The notebook's path on the server (relative to its root). */
  notebook: string;
  /** The OpenAI-compatible base URL. */
  modelUrl: string;
  /** The model name. */
  model: string;
  /** The agent's name in presence and chat (also what `@` addresses). */
  name: string;
  /** Its colour. */
  color: string;
  /** The server's token ('' when it has none). */
  token: string;
  /** A prompt to post into the chat as from "command line", and answer. */
  prompt: string | null;
  /** Exit once the prompt is answered. */
  exitAfterPrompt: boolean;
  /** Also answer messages addressed to no agent, when the only agent. */
  answerUnaddressed: boolean;
  /** Where the edits go. */
  editMode: 'suggest' | 'direct';
  /** Sampling temperature. */
  temperature: number;
  /** Model requests per turn at most. */
  maxSteps: number;
  /** Whether to save the conversation in the notebook's metadata. */
  saveChat: boolean;
  /** Extra instructions for the system prompt. */
  instructions: string;
  /** Claim code cells whose source matches this (a regular expression). */
  claim: string | null;
  /** How many cells to claim at most. */
  claimCount: number;
  /** Only print the usage. */
  help: boolean;
}

/** The usage text of `coauthor-agent --help`. */
export const AGENT_USAGE = `Usage: coauthor-agent --server URL --notebook PATH --model-url URL --model NAME
                      --name NAME [options]

Join a notebook's collaboration room on a Jupyter server (with
jupyter-collaboration) as an AI co-author: it shows in everyone's presence,
answers the shared chat when a message starts with @NAME, and its edits
land as its suggestion, reviewed like anyone's and saved with the file.

Options:
  --server URL            the Jupyter server, e.g. http://127.0.0.1:8888
  --notebook PATH         the notebook's path on the server
  --model-url URL         the OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1
  --model NAME            the model
  --name NAME             the agent's name (what @NAME addresses)
  --color COLOR           its colour (default #7b61ff)
  --token TOKEN           the server's token (default: $JUPYTER_TOKEN)
  --prompt TEXT           post TEXT into the chat (from "command line") and answer it
  --exit-after-prompt     leave once the prompt is answered
  --answer-unaddressed    also answer messages that name no agent, when the only agent present
  --edit-mode MODE        suggest (default) or direct
  --temperature T         sampling temperature (default ${AGENT_DEFAULTS.temperature})
  --max-steps N           model requests per turn at most (default ${AGENT_DEFAULTS.maxSteps})
  --no-save-chat          do not write the conversation into the notebook
  --instructions TEXT     extra instructions for the system prompt
  --claim REGEX           claim code cells matching REGEX that no other agent claims
                          (in presence, coauthor.claims); {claims} in --prompt names them
  --claim-count N         how many cells to claim at most (default 1)
  -h, --help              this help

The API key comes from $COAUTHOR_API_KEY (or $OPENAI_API_KEY) only; it is
never printed or written. Ctrl+C stops the agent cleanly.
`;

/** A command line that cannot run, with the reason for the user. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parse `coauthor-agent`'s arguments (without `node` and the script), with
 * the environment for the token's default. Throws a `UsageError`.
 */
export function parseAgentArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {}
): IAgentCommand {
  const command: IAgentCommand = {
    server: '',
    notebook: '',
    modelUrl: '',
    model: '',
    name: '',
    color: '#7b61ff',
    token: env.JUPYTER_TOKEN ?? '',
    prompt: null,
    exitAfterPrompt: false,
    answerUnaddressed: false,
    editMode: 'suggest',
    temperature: AGENT_DEFAULTS.temperature,
    maxSteps: AGENT_DEFAULTS.maxSteps,
    saveChat: true,
    instructions: '',
    claim: null,
    claimCount: 1,
    help: false
  };
  for (let k = 0; k < argv.length; k++) {
    let arg = argv[k];
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = (): string => {
      if (inline !== undefined) {
        return inline;
      }
      if (k + 1 >= argv.length) {
        throw new UsageError(`${arg} needs a value`);
      }
      return argv[++k];
    };
    switch (arg) {
      case '-h':
      case '--help':
        command.help = true;
        break;
      case '--server':
        command.server = value();
        break;
      case '--notebook':
        command.notebook = value();
        break;
      case '--model-url':
        command.modelUrl = value();
        break;
      case '--model':
        command.model = value();
        break;
      case '--name':
        command.name = value().trim();
        break;
      case '--color':
        command.color = value();
        break;
      case '--token':
        command.token = value();
        break;
      case '--prompt':
        command.prompt = value();
        break;
      case '--exit-after-prompt':
        command.exitAfterPrompt = true;
        break;
      case '--answer-unaddressed':
        command.answerUnaddressed = true;
        break;
      case '--edit-mode': {
        const mode = value();
        if (mode !== 'suggest' && mode !== 'direct') {
          throw new UsageError('--edit-mode is suggest or direct');
        }
        command.editMode = mode;
        break;
      }
      case '--temperature':
        command.temperature = Private.number(arg, value(), 0, 2);
        break;
      case '--max-steps':
        command.maxSteps = Math.round(Private.number(arg, value(), 1, 100));
        break;
      case '--no-save-chat':
        command.saveChat = false;
        break;
      case '--instructions':
        command.instructions = value();
        break;
      case '--claim': {
        const pattern = value();
        try {
          new RegExp(pattern, 'm');
        } catch {
          throw new UsageError(
            `--claim is not a regular expression: ${pattern}`
          );
        }
        command.claim = pattern;
        break;
      }
      case '--claim-count':
        command.claimCount = Math.round(Private.number(arg, value(), 1, 10000));
        break;
      default:
        throw new UsageError(
          arg.startsWith('-')
            ? `unknown option ${arg}`
            : `unexpected argument ${arg}`
        );
    }
  }
  if (command.help) {
    return command;
  }
  const missing = (
    [
      ['--server', command.server],
      ['--notebook', command.notebook],
      ['--model-url', command.modelUrl],
      ['--model', command.model],
      ['--name', command.name]
    ] as const
  )
    .filter(([, v]) => !v)
    .map(([option]) => option);
  if (missing.length) {
    throw new UsageError(`missing ${missing.join(', ')}`);
  }
  for (const [option, url] of [
    ['--server', command.server],
    ['--model-url', command.modelUrl]
  ]) {
    if (!/^https?:\/\/[^/\s]+/.test(url)) {
      throw new UsageError(`${option} must be an http(s) URL, not ${url}`);
    }
  }
  if (command.exitAfterPrompt && command.prompt === null) {
    throw new UsageError('--exit-after-prompt needs --prompt');
  }
  if (/^\s*@/.test(command.name) || /\s{2,}/.test(command.name)) {
    throw new UsageError('--name is a plain name, without @');
  }
  return command;
}

/** The API key from the environment ('' for servers that need none). */
export function apiKeyFromEnv(
  env: Readonly<Record<string, string | undefined>>
): string {
  return (env.COAUTHOR_API_KEY ?? env.OPENAI_API_KEY ?? '').trim();
}

namespace Private {
  /** A number option within bounds. */
  export function number(
    option: string,
    text: string,
    min: number,
    max: number
  ): number {
    const n = Number(text);
    if (!text.trim() || !Number.isFinite(n) || n < min || n > max) {
      throw new UsageError(`${option} is a number from ${min} to ${max}`);
    }
    return n;
  }
}
