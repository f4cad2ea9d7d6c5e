import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  InputDialog,
  IToolbarWidgetRegistry,
  Notification
} from '@jupyterlab/apputils';
import { IEditorExtensionRegistry } from '@jupyterlab/codemirror';
import { PageConfig, Time } from '@jupyterlab/coreutils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { CommandToolbarButton, editIcon } from '@jupyterlab/ui-components';

import { currentAuthor } from '../lab/currentAuthor';
import { NotebookSuggestions } from '../lab/notebookSuggestions';
import { openAsSuggestion } from '../lab/openAsSuggestion';
import {
  checkpointUrl,
  openCheckpointAsSuggestion
} from '../lab/openCheckpointAsSuggestion';
import { SuggestionsRegistry } from '../lab/suggestionsRegistry';
import { CommandIDs, ISuggestionsRegistry } from '../tokens';
import { ModeStatus } from '../widgets/modeStatus';
import { suggestionsIcon } from '../widgets/icons';
import { SuggestionsPanel } from '../widgets/suggestionsPanel';
import { PALETTE_CATEGORY } from './about';

/**
 * The id of this plugin, which is also the id of its settings
 * (`schema/suggestions.json`).
 */
const PLUGIN_ID = 'jupyterlab-coauthor:suggestions';

/**
 * Suggesting mode and review: for every open notebook a
 * `NotebookSuggestions` (the branch core, wired to the panel), the commands,
 * the marks in the cell editors, the Suggestions panel, the status-bar item
 * and the toolbar toggle.
 */
export const suggestionsPlugin: JupyterFrontEndPlugin<ISuggestionsRegistry> = {
  id: PLUGIN_ID,
  description: 'Suggesting mode and the review of suggestions.',
  autoStart: true,
  requires: [INotebookTracker, IEditorExtensionRegistry],
  optional: [
    ISettingRegistry,
    ICommandPalette,
    IStatusBar,
    ITranslator,
    IToolbarWidgetRegistry,
    IDefaultFileBrowser
  ],
  provides: ISuggestionsRegistry,
  activate: async (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    editorExtensions: IEditorExtensionRegistry,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null,
    translator: ITranslator | null,
    toolbarRegistry: IToolbarWidgetRegistry | null,
    fileBrowser: IDefaultFileBrowser | null
  ): Promise<ISuggestionsRegistry> => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_coauthor');
    const registry = new SuggestionsRegistry({
      author: () => currentAuthor(app, trans),
      translator: translator ?? nullTranslator,
      execute: (id, args) => app.commands.execute(id, args),
      notify: message => {
        Notification.info(message, { autoClose: 12000 });
      }
    });

    // Settings (shortcuts come from the same schema).
    if (settingRegistry) {
      try {
        const settings = await settingRegistry.load(PLUGIN_ID);
        const read = () =>
          registry.configure({
            showMarksWhileEditing:
              settings.composite.showMarksWhileEditing !== false,
            saveDelay: Number(settings.composite.saveDelay ?? 500),
            // Read when a notebook opens: its mode is made then.
            switchMode:
              settings.composite.switchMode === 'inPlace' ? 'inPlace' : 'swap'
          });
        read();
        settings.changed.connect(read);
      } catch (reason) {
        console.error(`jupyterlab-coauthor: cannot load ${PLUGIN_ID}`, reason);
      }
    }

    // Every notebook gets its suggestions once its model is ready.
    tracker.widgetAdded.connect((_, panel) => {
      void panel.context.ready.then(() => {
        if (!panel.isDisposed) {
          registry.attach(panel);
        }
      });
    });

    // Marks in JupyterLab's own cell editors.
    editorExtensions.addExtension({
      name: 'jupyterlab-coauthor:suggestion-marks',
      factory: options => registry.editorExtension(options.model)
    });

    // Suggesting mode without a model swap (setting `switchMode`): the
    // editors bind to the branch's cells (inert in editing mode and with
    // the default switch).
    editorExtensions.addExtension({
      name: 'jupyterlab-coauthor:branch-binding',
      factory: options => registry.bindingExtension(options.model)
    });

    addCommands(app, tracker, registry, trans);

    // "Open as suggestion" on a notebook file in the file browser: the file
    // the menu was opened on, suggested to the notebook last active.
    if (fileBrowser) {
      app.commands.addCommand(CommandIDs.openFileAsSuggestion, {
        label: args => {
          // The notebook's name, as its tab shows it.
          const target = tracker.currentWidget?.context.localPath
            .split('/')
            .pop();
          return target
            ? trans.__('Open as Suggestion to %1', target)
            : trans.__('Open as Suggestion');
        },
        caption: trans.__(
          'Suggest the difference from the notebook last active to this file, cell by cell, authored as this file'
        ),
        isVisible: () => {
          const item = fileBrowser.selectedItems().next();
          return !item.done && item.value.type === 'notebook';
        },
        isEnabled: () => !!tracker.currentWidget,
        execute: () => {
          const item = fileBrowser.selectedItems().next();
          if (!item.done && tracker.currentWidget) {
            return app.commands.execute(CommandIDs.openAsSuggestion, {
              path: item.value.path
            });
          }
        }
      });
      app.contextMenu.addItem({
        command: CommandIDs.openFileAsSuggestion,
        selector: '.jp-DirListing-item[data-file-type="notebook"]',
        rank: 11
      });
    }

    // The notebook toolbar's toggle (schema/suggestions.json places it):
    // labelled, since JupyterLab shows a command with an icon as the icon
    // alone, and the pencil alone did not say what it does.
    toolbarRegistry?.addFactory<NotebookPanel>(
      'Notebook',
      'coauthor-suggesting',
      () =>
        new CommandToolbarButton({
          commands: app.commands,
          id: CommandIDs.toggleSuggesting,
          args: { toolbar: true },
          label: trans.__('Suggest')
        })
    );

    // The Suggestions side panel: it asks for the summaries only when it
    // renders, that is while it is visible.
    const panelContent = () => {
      const current = tracker.currentWidget;
      const suggestions = current ? registry.get(current) : null;
      return {
        notebookLabel: current ? current.context.localPath : null,
        suggestions: suggestions ? suggestions.summaries() : []
      };
    };
    const panel = new SuggestionsPanel({
      commands: app.commands,
      content: panelContent,
      labels: {
        title: trans.__('Suggestions'),
        empty: trans.__(
          'No suggestions. Switch to suggesting mode (toolbar, or Ctrl+Alt+S) to make one.'
        ),
        noNotebook: trans.__('Open a notebook to see its suggestions.'),
        accept: trans.__('Accept'),
        reject: trans.__('Reject'),
        acceptAll: trans.__('Accept all'),
        rejectAll: trans.__('Reject all'),
        show: trans.__('Show in the notebook'),
        cell: trans.__('Cell'),
        allInConflict: trans.__(
          'Cannot be accepted: in conflict (see why below). Reject it, or edit the cell by hand.'
        ),
        someInConflict: (accept, conflicts) =>
          trans._n(
            '%2 — %1 change in conflict stays as it is',
            '%2 — %1 changes in conflict stay as they are',
            conflicts,
            accept
          )
      }
    });
    panel.id = 'jp-coauthor-suggestions';
    panel.title.icon = suggestionsIcon;
    panel.title.caption = trans.__('Suggestions');
    app.shell.add(panel, 'right', { rank: 600 });
    let shownCount = -1;
    const renderPanel = () => {
      panel.refresh();
      // The number of pending changes on the sidebar tab, visible or not.
      const current = tracker.currentWidget;
      const count = (current && registry.get(current)?.changes().length) || 0;
      if (count === shownCount) {
        return;
      }
      shownCount = count;
      panel.title.caption = count
        ? trans._n('Suggestions: %1 change', 'Suggestions: %1 changes', count)
        : trans.__('Suggestions');
      // The shell keeps the panel's id in the same dataset (`data-id`);
      // Lumino writes each key as `data-<key>`, as it is.
      const dataset = { ...panel.title.dataset };
      delete dataset['coauthor-count'];
      if (count) {
        dataset['coauthor-count'] = String(count);
      }
      panel.title.dataset = dataset;
    };
    registry.changed.connect(renderPanel);
    tracker.currentChanged.connect(renderPanel);
    renderPanel();

    // Which mode the current notebook is in, in the status bar.
    if (statusBar) {
      const status = new ModeStatus({
        labels: {
          editing: trans.__('Editing'),
          suggesting: trans.__('Suggesting'),
          title: trans.__('Switch between editing and suggesting mode')
        },
        onToggle: () => void app.commands.execute(CommandIDs.toggleSuggesting)
      });
      const refresh = () => {
        const current = tracker.currentWidget;
        status.showMode(!!current && !!registry.get(current)?.suggesting);
      };
      registry.changed.connect(refresh);
      tracker.currentChanged.connect(refresh);
      statusBar.registerStatusItem('jupyterlab-coauthor:mode', {
        item: status,
        align: 'left',
        rank: 4,
        isActive: () => !!tracker.currentWidget
      });
    }

    if (palette) {
      for (const command of [
        CommandIDs.toggleSuggesting,
        CommandIDs.acceptAll,
        CommandIDs.rejectAll,
        CommandIDs.acceptCell,
        CommandIDs.rejectCell,
        CommandIDs.nextSuggestion,
        CommandIDs.previousSuggestion,
        CommandIDs.openSuggestions,
        CommandIDs.openAsSuggestion,
        CommandIDs.openCheckpointAsSuggestion
      ]) {
        palette.addItem({ command, category: PALETTE_CATEGORY });
      }
    }
    return registry;
  }
};

/**
 * The commands. They act on the current notebook; those that take a change
 * or a suggestion get its id as an argument (the panel and the marks' buttons
 * pass it).
 */
function addCommands(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  registry: SuggestionsRegistry,
  trans: ReturnType<ITranslator['load']>
): void {
  const { commands } = app;
  const current = (): NotebookSuggestions | null => {
    const panel = tracker.currentWidget;
    return panel ? registry.get(panel) : null;
  };
  const isEnabled = () => !!current();
  // Focus goes back to the notebook after a review action or a switch made
  // from outside it (the panel, a cell's ✓/✗, a ghost cell's button, the
  // toolbar): in command mode on the active cell, where Ctrl+Z (the active
  // cell's undo: an accepted edit) and Z (cell operations: an accepted new,
  // deleted or moved cell) undo what was just done, and Ctrl+Alt+S switches
  // back. After a click in the panel, focus was left on the page's body,
  // where no shortcut of the notebook applies; after a cell's ✓ it stayed in
  // the editor, where Z types a "z".
  const refocus = (cellId?: string) => {
    const panel = tracker.currentWidget;
    if (!panel) {
      return;
    }
    const notebook = panel.content;
    if (cellId) {
      const index = notebook.widgets.findIndex(w => w.model.id === cellId);
      if (index >= 0) {
        notebook.activeCellIndex = index;
      }
    }
    if (app.shell.currentWidget !== panel) {
      app.shell.activateById(panel.id);
    }
    notebook.mode = 'command';
    // After a switch of mode the active cell is a new widget: wait for it.
    void NotebookActions.focusActiveCell(notebook, {
      waitUntilReady: true,
      preventScroll: true
    });
  };
  /** The cell of a change of the current notebook, looked up before it goes. */
  const cellOf = (changeId: unknown): string | undefined =>
    current()
      ?.changes()
      .find(c => c.id === String(changeId ?? ''))?.cellId;
  const report = (message: string | null, cellId?: string) => {
    refocus(cellId);
    if (message) {
      Notification.warning(message, { autoClose: 8000 });
    }
  };

  commands.addCommand(CommandIDs.toggleSuggesting, {
    label: args =>
      args.toolbar ? trans.__('Suggest') : trans.__('Suggesting Mode'),
    caption: trans.__(
      'Edits go to your own suggestion, reviewed by others, instead of the notebook'
    ),
    icon: args => (args.toolbar ? editIcon : undefined),
    isEnabled,
    isToggled: () => !!current()?.suggesting,
    execute: () => {
      const suggestions = current();
      if (suggestions) {
        suggestions.setSuggesting(!suggestions.suggesting);
        refocus();
      }
    }
  });

  commands.addCommand(CommandIDs.acceptAll, {
    label: trans.__('Accept All Suggestions'),
    isEnabled,
    execute: () => report(current()?.acceptAll() ?? null)
  });
  commands.addCommand(CommandIDs.rejectAll, {
    label: trans.__('Reject All Suggestions'),
    isEnabled,
    execute: () => report(current()?.rejectAll() ?? null)
  });
  commands.addCommand(CommandIDs.acceptCell, {
    label: trans.__('Accept Suggestions on This Cell'),
    isEnabled,
    execute: () => report(current()?.acceptActiveCell() ?? null)
  });
  commands.addCommand(CommandIDs.rejectCell, {
    label: trans.__('Reject Suggestions on This Cell'),
    isEnabled,
    execute: () => report(current()?.rejectActiveCell() ?? null)
  });
  commands.addCommand(CommandIDs.acceptChange, {
    label: trans.__('Accept Change'),
    isEnabled,
    execute: args => {
      const cellId = cellOf(args.changeId);
      report(
        current()?.acceptChange(String(args.changeId ?? '')) ?? null,
        cellId
      );
    }
  });
  commands.addCommand(CommandIDs.rejectChange, {
    label: trans.__('Reject Change'),
    isEnabled,
    execute: args => {
      const cellId = cellOf(args.changeId);
      report(
        current()?.rejectChange(String(args.changeId ?? '')) ?? null,
        cellId
      );
    }
  });
  commands.addCommand(CommandIDs.acceptSuggestion, {
    label: trans.__('Accept Suggestion'),
    isEnabled,
    execute: args =>
      report(current()?.acceptBranch(String(args.branchId ?? '')) ?? null)
  });
  commands.addCommand(CommandIDs.rejectSuggestion, {
    label: trans.__('Reject Suggestion'),
    isEnabled,
    execute: args =>
      report(current()?.rejectBranch(String(args.branchId ?? '')) ?? null)
  });
  commands.addCommand(CommandIDs.showChange, {
    label: trans.__('Show Change'),
    isEnabled,
    execute: args => {
      current()?.showChange(String(args.changeId ?? ''));
      // showChange made the change's cell (or the one before its ghost)
      // active.
      refocus();
    }
  });
  commands.addCommand(CommandIDs.nextSuggestion, {
    label: trans.__('Next Suggestion'),
    isEnabled,
    execute: () => current()?.goToChange(1)
  });
  commands.addCommand(CommandIDs.previousSuggestion, {
    label: trans.__('Previous Suggestion'),
    isEnabled,
    execute: () => current()?.goToChange(-1)
  });
  commands.addCommand(CommandIDs.openAsSuggestion, {
    label: trans.__('Open Another Notebook as a Suggestion…'),
    caption: trans.__(
      'Suggest the difference from this notebook to another .ipynb file, cell by cell, authored as that file'
    ),
    isEnabled,
    execute: async args => {
      const suggestions = current();
      if (!suggestions) {
        return;
      }
      let path = typeof args.path === 'string' ? args.path : '';
      if (!path) {
        const asked = await InputDialog.getText({
          title: trans.__('Open as Suggestion'),
          label: trans.__('Path of the other notebook (from the server root):'),
          text: suggestions.panel.context.path
        });
        if (!asked.button.accept || !asked.value) {
          return;
        }
        path = asked.value;
      }
      try {
        const message = await openAsSuggestion({
          suggestions,
          contents: app.serviceManager.contents,
          path,
          trans
        });
        Notification.info(message, { autoClose: 8000 });
      } catch (reason) {
        Notification.error(
          trans.__('Cannot open %1 as a suggestion: %2', path, String(reason)),
          { autoClose: 8000 }
        );
      }
    }
  });
  // JupyterLite keeps checkpoints in the browser's storage, behind no API
  // that gives their content (@jupyterlite/services' BrowserStorageDrive
  // lists and restores them only), and has no server for our extension.
  const inJupyterLite = PageConfig.getOption('appName') === 'JupyterLite';
  commands.addCommand(CommandIDs.openCheckpointAsSuggestion, {
    label: inJupyterLite
      ? trans.__('Open Last Checkpoint as Suggestion (needs a Jupyter server)')
      : trans.__('Open Last Checkpoint as Suggestion'),
    caption: inJupyterLite
      ? trans.__(
          'Not in JupyterLite: it keeps checkpoints in the browser with no way to read one, only to restore it'
        )
      : trans.__(
          'Suggest the difference from this notebook back to its last checkpoint (what Revert would restore), to review and take cell by cell'
        ),
    // In the File menu it acts on the notebook in front, as Revert does.
    isEnabled: () =>
      !inJupyterLite &&
      !!tracker.currentWidget &&
      tracker.currentWidget === app.shell.currentWidget &&
      isEnabled(),
    execute: async () => {
      const suggestions = current();
      if (!suggestions || inJupyterLite) {
        return;
      }
      const context = suggestions.panel.context;
      const settings = app.serviceManager.serverSettings;
      try {
        const outcome = await openCheckpointAsSuggestion({
          suggestions,
          path: context.localPath,
          trans,
          formatTime: checkpointTime,
          reader: {
            list: () => context.listCheckpoints(),
            read: id =>
              ServerConnection.makeRequest(
                checkpointUrl(settings.baseUrl, context.localPath, id),
                { method: 'GET' },
                settings
              ),
            choose: async checkpoints => {
              // As JupyterLab's "Revert to Checkpoint" asks, newest first.
              const items = checkpoints.map(
                (c, k) =>
                  `${k}. ${Time.format(c.last_modified)} (${Time.formatHuman(
                    c.last_modified
                  )})`
              );
              const chosen = await InputDialog.getItem({
                title: trans.__('Choose a checkpoint'),
                items
              });
              return chosen.button.accept && chosen.value
                ? checkpoints[parseInt(chosen.value, 10)]
                : null;
            }
          }
        });
        if (outcome) {
          Notification.emit(outcome.message, outcome.level, {
            autoClose: outcome.level === 'info' ? 8000 : 12000
          });
        }
      } catch (reason) {
        Notification.error(
          trans.__(
            'Cannot open the last checkpoint of %1 as a suggestion: %2',
            context.localPath,
            String(reason)
          ),
          { autoClose: 12000 }
        );
      }
    }
  });
  commands.addCommand(CommandIDs.openSuggestions, {
    label: trans.__('Open Suggestions Panel'),
    execute: () => app.shell.activateById('jp-coauthor-suggestions')
  });

  // Keep toggled states and enabled states current: when the current
  // notebook or its mode changes, not after every change of its
  // suggestions (each notification re-renders every toolbar button).
  let notified: [unknown, boolean] | null = null;
  const refresh = () => {
    const current = tracker.currentWidget;
    const state: [unknown, boolean] = [
      current ? registry.get(current) : null,
      !!current && !!registry.get(current)?.suggesting
    ];
    if (notified && notified[0] === state[0] && notified[1] === state[1]) {
      return;
    }
    notified = state;
    commands.notifyCommandChanged(CommandIDs.toggleSuggesting);
  };
  registry.changed.connect(refresh);
  tracker.currentChanged.connect(refresh);
}

/** A checkpoint's time, short: "12:03" today, with the date otherwise. */
function checkpointTime(lastModified: string): string {
  const when = new Date(lastModified);
  const today = new Date().toDateString() === when.toDateString();
  return when.toLocaleString(
    undefined,
    today
      ? { hour: 'numeric', minute: '2-digit' }
      : { dateStyle: 'medium', timeStyle: 'short' }
  );
}
