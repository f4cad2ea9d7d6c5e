import type { Awareness } from 'y-protocols/awareness';
import type { AgentActivity } from './types';

/**
 * An agent at work, as every peer of a notebook sees it in the notebook's
 * awareness: the state an `AgentPeer` publishes there, whoever's browser
 * runs it. This is what lets each user's chat show the conversation's
 * state (who talks to which agent, what it does) rather than their own.
 */
export interface IAgentPresence {
  /** The agent's awareness client id. */
  readonly clientId: number;
  /** Its name (the model's). */
  readonly name: string;
  /** Its colour. */
  readonly color: string;
  /** What it does. */
  readonly activity: AgentActivity;
  /** The cell it works on, if any. */
  readonly cellId: string | null;
  /** The person whose browser runs it (who talks to it), when known. */
  readonly owner: string | null;
}

/**
 * The agents of an awareness that are working (not idle), ordered by
 * client id so that every peer lists them alike.
 */
export function workingAgents(
  awareness: Pick<Awareness, 'getStates'> | null | undefined
): IAgentPresence[] {
  const agents: IAgentPresence[] = [];
  for (const [clientId, state] of awareness?.getStates() ?? []) {
    const agent = readAgent(clientId, state);
    if (agent && agent.activity !== 'idle') {
      agents.push(agent);
    }
  }
  return agents.sort((a, b) => a.clientId - b.clientId);
}

/**
 * The agent an awareness state describes, or null when the state is not an
 * agent's (a person's) or is malformed (another version, another tool).
 */
export function readAgent(
  clientId: number,
  state: Record<string, any> | null | undefined
): IAgentPresence | null {
  const agent = state?.agent;
  const user = state?.user;
  if (!agent || typeof agent !== 'object' || !user) {
    return null;
  }
  const activities: AgentActivity[] = [
    'idle',
    'thinking',
    'reading',
    'editing',
    'running'
  ];
  const activity = activities.includes(agent.activity)
    ? (agent.activity as AgentActivity)
    : 'idle';
  return {
    clientId,
    name: String(user.display_name ?? user.name ?? 'AI agent'),
    color: typeof user.color === 'string' ? user.color : '#7c4dff',
    activity,
    cellId: typeof agent.cellId === 'string' ? agent.cellId : null,
    owner: typeof agent.owner === 'string' && agent.owner ? agent.owner : null
  };
}
