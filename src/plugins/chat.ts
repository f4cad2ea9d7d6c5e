import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, InputDialog } from '@jupyterlab/apputils';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { IGlobalAwareness } from '@jupyter/collaborative-drive';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { LabIcon } from '@jupyterlab/ui-components';
import type { Awareness } from 'y-protocols/awareness';

import { listModels } from '../core/agent/models';
import { presentAgents } from '../core/chat';
import { agentCompletionProvider } from '../lab/agentAddressing';
import { ApiKeyStore } from '../lab/apiKeyStore';
import {
  attachActiveCell,
  IPendingAttachment,
  resolveAttachments
} from '../lab/chatAttachments';
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
    IEditorLanguageRegistry,
    IGlobalAwareness
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    rendermime: IRenderMimeRegistry,
    agentSettings: IAgentSettingsProvider,
    suggestions: ISuggestionsRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    languages: IEditorLanguageRegistry | null,
    globalAwareness: Awareness | null
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
          languages,
          globalAwareness
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
        // Short enough to show whole at the panel's default width; the
        // keys are in the input's tooltip too.
        placeholder: trans.__(
          'Ask the co-author… (Enter sends, Shift+Enter: new line)'
        ),
        inputCaption: trans.__(
          'Enter to send, Shift+Enter for a new line, Escape to stop the co-author'
        ),
        send: trans.__('Send'),
        stop: trans.__('Stop'),
        apiKey: trans.__('API key'),
        thinking: trans.__('Thinking…'),
        thoughtFor: seconds => trans.__('Thought for %1 s', seconds),
        revoke: trans.__('Revoke'),
        attach: trans.__('Attach'),
        attachCaption: trans.__(
          'Attach the active cell, or the lines selected in it, to your message'
        ),
        header: {
          model: trans.__('Model'),
          modelPlaceholder: trans.__('model name'),
          refreshModels: trans.__('List the models of the endpoint again'),
          modelsFound: count =>
            trans._n('%1 model on the server', '%1 models on the server', count)
        },
        completion: {
          list: trans.__('Agents to address'),
          to: name => trans.__('To: %1', name),
          nobody: trans.__(
            'To: no agent (set up your endpoint, or address one with @)'
          )
        },
        chips: {
          attached: trans.__('Attached to your message'),
          remove: label => trans.__('Remove %1', label)
        },
        code: {
          copy: trans.__('Copy'),
          copied: trans.__('Copied'),
          insertBelow: trans.__('Insert below'),
          insertBelowCaption: trans.__(
            'Insert this code as a new cell below the active cell (a suggestion in suggesting mode)'
          )
        },
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
      onSend: (text, attached) => {
        const panel = tracker.currentWidget;
        if (panel) {
          const chosen = attached
            .map(id => pending.get(id))
            .filter((item): item is IPendingAttachment => !!item);
          pending.clear();
          void chatFor(panel).send(text, resolveAttachments(panel, chosen));
        }
      },
      onAttach: () => void app.commands.execute(CommandIDs.attachToChat),
      onInsertCode: (code, language) =>
        void app.commands.execute(CommandIDs.insertCodeBelow, {
          code,
          language
        }),
      onModelChange: model => {
        agentSettings.setModel(model).catch(reason => {
          widget.setNotice(
            trans.__('Could not save the model: %1', String(reason))
          );
        });
      },
      onRefreshModels: () => void refreshModels(),
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
        void app.commands.execute(CommandIDs.revokeRunApproval),
      agents: () => {
        const panel = tracker.currentWidget;
        if (!panel) {
          return null;
        }
        return agentCompletionProvider({
          awareness:
            (panel.context.model.sharedModel as any)?.awareness ?? null,
          own: () => {
            if (!agentSettings.isConfigured) {
              return null;
            }
            const chat = chatFor(panel);
            return { name: chat.agentName, clientId: chat.peer?.clientId };
          },
          trans
        });
      }
    });
    widget.title.icon = chatIcon;
    // The attachments whose chips are above the input, by chip id.
    const pending = new Map<string, IPendingAttachment>();

    // The endpoint's models for the header's picker; listed again at most
    // every 10 s (the field's focus asks too), or when the endpoint changes.
    let listed = { baseUrl: '', at: 0 };
    let listing: Promise<void> | null = null;
    const refreshModels = (force = false): Promise<void> => {
      const { baseUrl } = agentSettings.settings;
      const fresh =
        listed.baseUrl === baseUrl && Date.now() - listed.at < 10000;
      if (listing) {
        // One request at a time; a forced one (a new key) follows it.
        return force ? listing.then(() => refreshModels(true)) : listing;
      }
      if (fresh && !force) {
        return Promise.resolve();
      }
      listing = (async () => {
        if (!baseUrl) {
          // Nothing to list; the input's hint says how to set up an endpoint.
          widget.header.setModels([]);
          return;
        }
        const result = await listModels({ baseUrl, apiKey: keys.get(baseUrl) });
        listed = { baseUrl, at: Date.now() };
        if (result.ok) {
          widget.header.setModels(
            result.models,
            result.models.length
              ? null
              : trans.__('The server lists no models.')
          );
        } else {
          widget.header.setModels(
            [],
            trans.__('Could not list the models: %1', result.message)
          );
        }
      })().finally(() => (listing = null));
      return listing;
    };
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
    // Without an endpoint of one's own, the chat still reaches the headless
    // agents present in the room (`@Name …`, a coauthor-agent). Another
    // person's page agent (its state names its `owner`) answers only them.
    const headlessAgentsPresent = (): boolean => {
      const panel = tracker.currentWidget;
      const awareness = (panel?.context.model.sharedModel as any)?.awareness;
      if (!awareness) {
        return false;
      }
      const states = awareness.getStates();
      return presentAgents(states).some(
        agent => !states.get(agent.clientId)?.agent?.owner
      );
    };
    let watched: { off: (e: string, f: () => void) => void } | null = null;
    const watchPresence = () => {
      watched?.off('change', showNotice);
      const panel = tracker.currentWidget;
      const awareness = (panel?.context.model.sharedModel as any)?.awareness;
      awareness?.on('change', showNotice);
      watched = awareness ?? null;
      showNotice();
    };
    // This user's own setup; what the conversation does comes from the
    // view (the notebook's awareness), the same for everyone. Without an
    // endpoint of one's own, headless agents present still answer `@Name …`.
    const showNotice = () => {
      // The agents present changed, or the endpoint: the list and "To:".
      widget.completion.update();
      widget.setReady(agentSettings.isConfigured || headlessAgentsPresent());
      widget.header.setModel(agentSettings.settings.model);
      widget.setSetupNotice(
        agentSettings.isConfigured
          ? null
          : {
              full: trans.__(
                'No model endpoint is set up yet. Open Settings → Settings Editor → Co-author: AI agent, then choose a preset (OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or enter a base URL, and a model. Set your API key with the "API key" button: it stays in this browser.'
              ),
              short: trans.__(
                'To send, set up your model endpoint: Settings → Co-author: AI agent.'
              )
            }
      );
    };
    tracker.currentChanged.connect(refresh);
    tracker.currentChanged.connect(watchPresence);
    tracker.widgetAdded.connect((_, panel) => {
      void panel.context.ready.then(refresh);
    });
    widget.shown.connect(refresh);
    widget.shown.connect(() => void refreshModels());
    agentSettings.changed.connect(showNotice);
    agentSettings.changed.connect(() => {
      if (
        widget.isVisible &&
        agentSettings.settings.baseUrl !== listed.baseUrl
      ) {
        void refreshModels(true);
      }
    });
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
    app.commands.addCommand(CommandIDs.attachToChat, {
      label: trans.__('Attach Cell or Selection to Co-author Chat'),
      caption: trans.__(
        'Attach the active cell, or the lines selected in it, to your next message'
      ),
      isEnabled: () => !!tracker.currentWidget?.content.activeCell,
      execute: () => {
        const panel = tracker.currentWidget;
        const attachment = panel ? attachActiveCell(panel, trans) : null;
        if (!attachment) {
          return;
        }
        pending.set(attachment.id, attachment);
        widget.chips.add({ id: attachment.id, label: attachment.label });
        if (!widget.isVisible) {
          app.shell.activateById(widget.id);
          refresh();
        }
        widget.focusInput();
      }
    });
    app.commands.addCommand(CommandIDs.insertCodeBelow, {
      label: trans.__('Insert Code Below the Active Cell'),
      caption: trans.__(
        'Insert a code block of the chat as a new cell below the active cell; in suggesting mode it is a suggestion'
      ),
      isEnabled: () => !!tracker.currentWidget,
      execute: args => {
        const panel = tracker.currentWidget;
        const code = String(args.code ?? '');
        if (!panel) {
          return;
        }
        // The notebook's own insert, on the model the panel shows: in
        // suggesting mode that is the user's branch, so the new cell is a
        // suggestion like any cell they insert.
        const notebook = panel.content;
        NotebookActions.insertBelow(notebook);
        const language = String(args.language ?? '').toLowerCase();
        if (language === 'markdown' || language === 'md') {
          NotebookActions.changeCellType(notebook, 'markdown');
        }
        notebook.activeCell?.model.sharedModel.setSource(code);
        app.shell.activateById(panel.id);
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
          // Another key may list what the last one was refused.
          void refreshModels(true);
        }
      }
    });

    if (palette) {
      for (const command of [
        CommandIDs.openChat,
        CommandIDs.attachToChat,
        CommandIDs.stopAgent,
        CommandIDs.revokeRunApproval,
        CommandIDs.setApiKey
      ]) {
        palette.addItem({ command, category: PALETTE_CATEGORY });
      }
    }
  }
};
