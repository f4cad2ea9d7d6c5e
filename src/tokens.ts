import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

/**
 * The command ids of jupyterlab-coauthor. They are a public contract (users
 * bind shortcuts to them, other extensions call them): see the README, and
 * change them only on purpose.
 */
export namespace CommandIDs {
  /** Show what the extension knows about itself and the current notebook. */
  export const about = 'coauthor:about';
}

/**
 * The settings of the AI agent, as read from `schema/agent.json` with the
 * preset resolved. The API key is deliberately not part of them.
 */
export interface IAgentSettings {
  /** The preset the base URL came from ('custom' when none). */
  readonly preset: string;
  /** The OpenAI-compatible base URL ('' when no endpoint is configured). */
  readonly baseUrl: string;
  /** The model name ('' when not configured). */
  readonly model: string;
  /** Sampling temperature. */
  readonly temperature: number;
  /** Where the agent's edits go. */
  readonly editMode: 'suggest' | 'direct';
  /** Whether chats are written into the notebook file. */
  readonly saveChats: boolean;
  /** Characters of a cell's outputs the agent reads at most. */
  readonly outputBudget: number;
  /** Characters of context the agent sends at most. */
  readonly contextBudget: number;
}

/**
 * The live agent settings, for the plugins that need them.
 */
export interface IAgentSettingsProvider {
  /** The current settings. */
  readonly settings: IAgentSettings;
  /** Whether an endpoint and a model are configured. */
  readonly isConfigured: boolean;
  /** Emitted when the settings change. */
  readonly changed: ISignal<IAgentSettingsProvider, IAgentSettings>;
}

/**
 * The token of the agent settings provider.
 */
export const IAgentSettingsProvider = new Token<IAgentSettingsProvider>(
  'jupyterlab-coauthor:IAgentSettingsProvider',
  'The AI agent settings of jupyterlab-coauthor, kept up to date.'
);
