import { Token } from '@lumino/coreutils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { ISignal } from '@lumino/signaling';

import type { IAgentSettings } from './core/agent/types';
import type { SuggestionManager } from './core/suggestions';

/**
 * The command ids of jupyterlab-coauthor. They are a public contract (users
 * bind shortcuts to them, other extensions call them): see the README, and
 * change them only on purpose.
 */
export namespace CommandIDs {
  /** Show what the extension knows about itself and the current notebook. */
  export const about = 'coauthor:about';
  /** Switch the current notebook between editing and suggesting mode. */
  export const toggleSuggesting = 'coauthor:toggle-suggesting';
  /** Accept every suggestion of the current notebook. */
  export const acceptAll = 'coauthor:accept-all';
  /** Reject every suggestion of the current notebook. */
  export const rejectAll = 'coauthor:reject-all';
  /** Accept the suggestions on the active cell. */
  export const acceptCell = 'coauthor:accept-cell';
  /** Reject the suggestions on the active cell. */
  export const rejectCell = 'coauthor:reject-cell';
  /** Go to the next suggested change. */
  export const nextSuggestion = 'coauthor:next-suggestion';
  /** Go to the previous suggested change. */
  export const previousSuggestion = 'coauthor:previous-suggestion';
  /** Accept one change (args: `changeId`). */
  export const acceptChange = 'coauthor:accept-change';
  /** Reject one change (args: `changeId`). */
  export const rejectChange = 'coauthor:reject-change';
  /** Accept one whole suggestion (args: `branchId`). */
  export const acceptSuggestion = 'coauthor:accept-suggestion';
  /** Reject one whole suggestion (args: `branchId`). */
  export const rejectSuggestion = 'coauthor:reject-suggestion';
  /** Scroll to the cell of a change (args: `changeId`). */
  export const showChange = 'coauthor:show-change';
  /** Open the Suggestions panel. */
  export const openSuggestions = 'coauthor:open-suggestions';
  /** Open the chat panel. */
  export const openChat = 'coauthor:open-chat';
  /** Stop the agent's reply and tool loop. */
  export const stopAgent = 'coauthor:stop-agent';
  /** Attach the active cell (or its selected lines) to the next chat message. */
  export const attachToChat = 'coauthor:attach-to-chat';
  /**
   * Insert code (args `code`, optional `language`) as a new cell below the
   * active cell, through the notebook's own insert (a suggestion in
   * suggesting mode).
   */
  export const insertCodeBelow = 'coauthor:insert-code-below';
  /** Set the API key of the agent's endpoint (kept in this browser only). */
  export const setApiKey = 'coauthor:set-api-key';
  /**
   * Make another .ipynb file's difference from the current notebook a
   * suggestion authored as that file (args: `path`; asked when missing).
   */
  export const openAsSuggestion = 'coauthor:open-as-suggestion';
  /**
   * The file browser's context-menu item: the selected .ipynb file opened as
   * a suggestion to the notebook last active.
   */
  export const openFileAsSuggestion = 'coauthor:open-file-as-suggestion';
  /**
   * Make the difference from the current notebook back to its last
   * checkpoint a suggestion authored as that checkpoint (asks which one when
   * there are several). Needs the package's server extension.
   */
  export const openCheckpointAsSuggestion =
    'coauthor:open-checkpoint-as-suggestion';
  /** End the agent's session approval: its next run asks again. */
  export const revokeRunApproval = 'coauthor:revoke-run-approval';
}

/**
 * The agent's settings, one interface for the core and the plugins.
 */
export type { IAgentSettings };

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
  /** Save this user's model (the chat header's picker). */
  setModel(model: string): Promise<void>;
}

/**
 * The token of the agent settings provider.
 */
export const IAgentSettingsProvider = new Token<IAgentSettingsProvider>(
  'jupyterlab-coauthor:IAgentSettingsProvider',
  'The AI agent settings of jupyterlab-coauthor, kept up to date.'
);

/**
 * The suggestions of the open notebooks: one `INotebookSuggestions` per
 * notebook panel, created when its model is ready.
 */
export interface ISuggestionsRegistry {
  /** The suggestions of a notebook panel, or null before it is ready. */
  get(panel: NotebookPanel): INotebookSuggestions | null;
  /** Emitted when any notebook's suggestions change. */
  readonly changed: ISignal<ISuggestionsRegistry, INotebookSuggestions | null>;
}

/**
 * The suggestions of one notebook, for other plugins (the agent uses it to
 * get its own branch).
 */
export interface INotebookSuggestions {
  /** The branch core's manager of this notebook's suggestions. */
  readonly manager: SuggestionManager;
  /** Whether the panel is in suggesting mode. */
  readonly suggesting: boolean;
}

/**
 * The token of the suggestions registry.
 */
export const ISuggestionsRegistry = new Token<ISuggestionsRegistry>(
  'jupyterlab-coauthor:ISuggestionsRegistry',
  'The suggestion branches of the open notebooks.'
);
