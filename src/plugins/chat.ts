import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, InputDialog } from '@jupyterlab/apputils';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { LabIcon } from '@jupyterlab/ui-components';

import { ApiKeyStore } from '../lab/apiKeyStore';
import { currentAuthor } from '../lab/currentAuthor';
import { NotebookChat } from '../lab/notebookChat';
import {
  CommandIDs,
  IAgentSettingsProvider,
  ISuggestionsRegistry
} from '../tokens';
import { ChatPanel } from '../widgets/chatPanel';
import { PALETTE_CATEGORY } from './about';

/**
 * The chat icon of the side panel.
 */
const chatIcon = new LabIcon({
  name: 'jupyterlab-coauthor:chat',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16"><path class="jp-icon3" fill="#616161" d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z"/></svg>'
});

/**
 * The AI co-author's chat: a side panel tied to the active notebook, whose
 * agent joins the notebook as one more peer. Each notebook's conversation
 * and agent (`NotebookChat`) start when the chat is first used for it, so an
 * unused agent costs nothing.
 */
export const chatPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-coauthor:chat',
  description: 'The chat panel of the AI co-author.',
  autoStart: true,
  requires: [INotebookTracker, IRenderMimeRegistry, IAgentSettingsProvider],
  optional: [
    ISuggestionsRegistry,
    ICommandPalette,
    ITranslator,
    IEditorLanguageRegistry
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    rendermime: IRenderMimeRegistry,
    agentSettings: IAgentSettingsProvider,
    suggestions: ISuggestionsRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    languages: IEditorLanguageRegistry | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_coauthor');
    const keys = new ApiKeyStore();
    const chats = new Map<NotebookPanel, NotebookChat>();

    const chatFor = (panel: NotebookPanel): NotebookChat => {
      let chat = chats.get(panel);
      if (!chat) {
        chat = new NotebookChat({
          panel,
          settings: agentSettings,
          apiKey: () => keys.get(agentSettings.settings.baseUrl),
          suggestions,
          user: () => {
            const { name, color } = currentAuthor(app, trans);
            return { name, color };
          },
          commands: app.commands,
          trans,
          languages
        });
        chats.set(panel, chat);
        panel.disposed.connect(() => {
          chats.get(panel)?.dispose();
          chats.delete(panel);
        });
      }
      return chat;
    };

    const widget = new ChatPanel({
      rendermime,
      labels: {
        title: trans.__('Co-author chat'),
        placeholder: trans.__(
          'Ask the co-author about this notebook (Enter to send, Shift+Enter for a new line, Escape to stop)'
        ),
        send: trans.__('Send'),
        stop: trans.__('Stop'),
        copy: trans.__('Copy'),
        apiKey: trans.__('API key'),
        thinking: trans.__('Thinking…'),
        thoughtFor: seconds => trans.__('Thought for %1 s', seconds),
        revoke: trans.__('Revoke'),
        toolCard: {
          show: trans.__('Show'),
          keep: trans.__('Keep'),
          undo: trans.__('Undo'),
          kept: trans.__('Kept'),
          undone: trans.__('Undone'),
          details: trans.__('Arguments and result'),
          arguments: trans.__('Arguments'),
          result: trans.__('Result'),
          status: {
            running: trans.__('running'),
            done: trans.__('done'),
            failed: trans.__('Failed'),
            'not-run': trans.__('not run')
          }
        },
        revertTurn: trans.__('Revert this turn')
      },
      onSend: text => {
        const panel = tracker.currentWidget;
        if (panel) {
          void chatFor(panel).send(text);
        }
      },
      onToolCallAction: (messageId, callId, action) => {
        const panel = tracker.currentWidget;
        if (panel) {
          chats.get(panel)?.toolCallAction(messageId, callId, action);
        }
      },
      onRevertTurn: messageId => {
        const panel = tracker.currentWidget;
        if (panel) {
          chats.get(panel)?.revertTurn(messageId);
        }
      },
      onStop: () => void app.commands.execute(CommandIDs.stopAgent),
      onSetApiKey: () => void app.commands.execute(CommandIDs.setApiKey),
      onRevokeApproval: () =>
        void app.commands.execute(CommandIDs.revokeRunApproval)
    });
    widget.title.icon = chatIcon;
    app.shell.add(widget, 'right', { rank: 700 });

    // Show the conversation of the current notebook; start its agent only
    // when the chat panel is visible.
    const refresh = () => {
      const panel = tracker.currentWidget;
      if (!panel || !panel.context.isReady) {
        widget.setView(null);
        return;
      }
      widget.setView(widget.isVisible ? chatFor(panel).view : null);
    };
    const showNotice = () => {
      widget.setReady(agentSettings.isConfigured);
      widget.setNotice(
        agentSettings.isConfigured
          ? null
          : trans.__(
              'No model endpoint is set up yet. Open Settings → Settings Editor → Co-author: AI agent, then choose a preset (OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or enter a base URL, and a model. Set your API key with the "API key" button: it stays in this browser.'
            )
      );
    };
    tracker.currentChanged.connect(refresh);
    tracker.widgetAdded.connect((_, panel) => {
      void panel.context.ready.then(refresh);
    });
    widget.shown.connect(refresh);
    agentSettings.changed.connect(showNotice);
    showNotice();

    app.commands.addCommand(CommandIDs.openChat, {
      label: trans.__('Open Co-author Chat'),
      caption: trans.__('Chat with the AI co-author about this notebook'),
      execute: () => {
        app.shell.activateById(widget.id);
        refresh();
        widget.focusInput();
      }
    });
    app.commands.addCommand(CommandIDs.stopAgent, {
      label: trans.__('Stop the Co-author'),
      caption: trans.__('End the reply and any tool loop now'),
      execute: () => {
        const panel = tracker.currentWidget;
        const chat = panel ? chats.get(panel) : undefined;
        chat?.stop();
      }
    });
    app.commands.addCommand(CommandIDs.revokeRunApproval, {
      label: trans.__('Revoke the Co-author’s Session Approval'),
      caption: trans.__(
        'The co-author asks again before it runs code in this notebook'
      ),
      isEnabled: () => {
        const panel = tracker.currentWidget;
        return !!(panel && chats.get(panel)?.session.active);
      },
      execute: () => {
        const panel = tracker.currentWidget;
        const chat = panel ? chats.get(panel) : undefined;
        chat?.session.revoke();
      }
    });
    app.commands.addCommand(CommandIDs.setApiKey, {
      label: trans.__('Set Co-author API Key…'),
      caption: trans.__(
        'The key is kept in this browser only, never in the notebook'
      ),
      execute: async () => {
        const baseUrl = agentSettings.settings.baseUrl;
        if (!baseUrl) {
          widget.setNotice(
            trans.__('Set a base URL first (Settings → Co-author: AI agent).')
          );
          return;
        }
        const result = await InputDialog.getPassword({
          title: trans.__('API key for %1', baseUrl),
          label: trans.__(
            'Kept in this browser only; leave empty to forget the key.'
          )
        });
        if (result.button.accept) {
          keys.set(baseUrl, result.value ?? '');
        }
      }
    });

    if (palette) {
      for (const command of [
        CommandIDs.openChat,
        CommandIDs.stopAgent,
        CommandIDs.revokeRunApproval,
        CommandIDs.setApiKey
      ]) {
        palette.addItem({ command, category: PALETTE_CATEGORY });
      }
    }
  }
};
