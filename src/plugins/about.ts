import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, ICommandPalette, showDialog } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { CommandIDs, IAgentSettingsProvider } from '../tokens';
import { AboutBody } from '../widgets/aboutBody';

/**
 * The palette category of all co-author commands.
 */
export const PALETTE_CATEGORY = 'Co-author';

/**
 * The `coauthor:about` command: what the extension sees of the current
 * notebook (collaborative or not) and of its agent settings. It is the first
 * thing to look at when something does not behave as expected.
 */
export const aboutPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-coauthor:about',
  description: 'Adds the "About Co-author" command.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, IAgentSettingsProvider, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    agentSettings: IAgentSettingsProvider | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_coauthor');

    app.commands.addCommand(CommandIDs.about, {
      label: trans.__('About Co-author'),
      caption: trans.__('Show what Co-author sees of this notebook'),
      execute: () => {
        const panel = tracker.currentWidget;
        const settings = agentSettings?.settings;
        const facts = [
          {
            label: trans.__('Notebook'),
            value: panel ? panel.context.path : trans.__('none open')
          },
          {
            label: trans.__('Real-time collaboration'),
            value: panel
              ? panel.context.model.collaborative
                ? trans.__('on')
                : trans.__('off')
              : trans.__('unknown')
          },
          {
            label: trans.__('Agent endpoint'),
            value:
              settings && agentSettings?.isConfigured
                ? `${settings.model} @ ${settings.baseUrl}`
                : trans.__('not configured (Settings → Co-author: AI agent)')
          },
          {
            label: trans.__('Agent edit mode'),
            value: settings?.editMode ?? 'suggest'
          }
        ];
        return showDialog({
          title: trans.__('About Co-author'),
          body: new AboutBody(facts),
          buttons: [Dialog.okButton({ label: trans.__('Close') })]
        });
      }
    });

    palette?.addItem({ command: CommandIDs.about, category: PALETTE_CATEGORY });
  }
};
