import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ISignal, Signal } from '@lumino/signaling';

import { AGENT_DEFAULTS } from '../core/agent/defaults';
import { resolveBaseUrl } from '../core/presets';
import { IAgentSettings, IAgentSettingsProvider } from '../tokens';

/**
 * The id of this plugin, which is also the id of its settings
 * (`schema/agent.json`).
 */
const PLUGIN_ID = 'jupyterlab-coauthor:agent';

/**
 * Loads the agent settings from the settings registry and keeps them current.
 */
export const agentSettingsPlugin: JupyterFrontEndPlugin<IAgentSettingsProvider> =
  {
    id: PLUGIN_ID,
    description: 'Provides the settings of the AI co-author.',
    autoStart: true,
    requires: [ISettingRegistry],
    provides: IAgentSettingsProvider,
    activate: async (
      app: JupyterFrontEnd,
      registry: ISettingRegistry
    ): Promise<IAgentSettingsProvider> => {
      const provider = new SettingsProvider();
      try {
        const settings = await registry.load(PLUGIN_ID);
        provider.registrySettings = settings;
        provider.update(settings.composite);
        settings.changed.connect(() => provider.update(settings.composite));
      } catch (reason) {
        console.error(`jupyterlab-coauthor: cannot load ${PLUGIN_ID}`, reason);
      }
      return provider;
    }
  };

/**
 * The provider: the composite settings, with the preset's URL resolved.
 */
class SettingsProvider implements IAgentSettingsProvider {
  get settings(): IAgentSettings {
    return this._settings;
  }

  get isConfigured(): boolean {
    return !!(this._settings.baseUrl && this._settings.model);
  }

  get changed(): ISignal<IAgentSettingsProvider, IAgentSettings> {
    return this._changed;
  }

  /** The registry's settings, once loaded (to save the model). */
  registrySettings: ISettingRegistry.ISettings | null = null;

  async setModel(model: string): Promise<void> {
    if (!this.registrySettings) {
      throw new Error(`the settings ${PLUGIN_ID} are not loaded`);
    }
    await this.registrySettings.set('model', model);
  }

  /** Read the registry's composite value. */
  update(composite: Record<string, any>): void {
    const preset = String(composite.preset ?? 'custom');
    this._settings = {
      preset,
      baseUrl: resolveBaseUrl(String(composite.baseUrl ?? ''), preset),
      model: String(composite.model ?? ''),
      temperature: Number(composite.temperature ?? AGENT_DEFAULTS.temperature),
      editMode: composite.editMode === 'direct' ? 'direct' : 'suggest',
      saveChats: composite.saveChats !== false,
      outputBudget: Number(
        composite.outputBudget ?? AGENT_DEFAULTS.outputBudget
      ),
      contextBudget: Number(
        composite.contextBudget ?? AGENT_DEFAULTS.contextBudget
      ),
      offerSessionApproval: composite.offerSessionApproval !== false
    };
    this._changed.emit(this._settings);
  }

  private _settings: IAgentSettings = {
    preset: 'custom',
    baseUrl: '',
    model: '',
    temperature: AGENT_DEFAULTS.temperature,
    editMode: 'suggest',
    saveChats: true,
    outputBudget: AGENT_DEFAULTS.outputBudget,
    contextBudget: AGENT_DEFAULTS.contextBudget,
    offerSessionApproval: true
  };
  private _changed = new Signal<IAgentSettingsProvider, IAgentSettings>(this);
}
