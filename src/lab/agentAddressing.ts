import type { TranslationBundle } from '@jupyterlab/translation';

import {
  addressableAgents,
  addressee,
  completeMention,
  matchingAgents,
  mentionAt,
  presentAgents
} from '../core/chat';
import type { AgentCompletion } from '../widgets/agentCompletion';

/**
 * The chat input's `@name` completion for one notebook, on the core's
 * addressing rules (core/chat/addressing.ts): the same `addressee` that
 * decides who answers says whom the input's text goes to.
 */
export function agentCompletionProvider(options: {
  /** The notebook's awareness (null without collaboration's). */
  awareness: { getStates(): Map<number, Record<string, any>> } | null;
  /** This page's agent (null: no endpoint set up, it cannot answer). */
  own: () => { name: string; clientId?: number } | null;
  trans: TranslationBundle;
}): AgentCompletion.IProvider {
  const { trans } = options;
  const states = () => options.awareness?.getStates() ?? new Map();
  return {
    complete: (text, caret) => {
      const mention = mentionAt(text, caret);
      if (!mention) {
        return null;
      }
      const agents = addressableAgents(states(), options.own());
      const items = matchingAgents(mention.query, agents).map(agent => ({
        name: agent.name,
        detail:
          agent.kind === 'page'
            ? trans.__('(this page)')
            : trans.__('(headless)')
      }));
      return { from: mention.from, to: mention.to, items };
    },
    completion: (text, found, name) => completeMention(text, found, name),
    recipient: text => {
      const own = options.own();
      const reachable = addressableAgents(states(), own).map(a => a.name);
      // Every agent present, so that `@` another person's agent (which
      // answers only them) reads as addressed, to no one who answers.
      const all = [...reachable, ...presentAgents(states()).map(a => a.name)];
      const to = addressee(text, all);
      if (to === null) {
        return own?.name ?? null;
      }
      return reachable.find(n => n.toLowerCase() === to.toLowerCase()) ?? null;
    }
  };
}
