/**
 * jupyterlab-coauthor: the plugins, listed. Each lives in its own file under
 * `plugins/`; the framework-free core is under `core/`, what renders under
 * `widgets/`, and the public tokens in `tokens.ts`.
 */
import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { aboutPlugin } from './plugins/about';
import { agentSettingsPlugin } from './plugins/agentSettings';
import { chatPlugin } from './plugins/chat';
import { suggestionsPlugin } from './plugins/suggestions';

export * from './tokens';

const plugins: JupyterFrontEndPlugin<any>[] = [
  agentSettingsPlugin,
  aboutPlugin,
  suggestionsPlugin,
  chatPlugin
];

export default plugins;
