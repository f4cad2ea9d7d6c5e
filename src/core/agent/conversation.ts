import { addressee } from '../chat/addressing';
import type { IChatMessage } from '../chat/types';

/**
 * The shared conversation as one agent sends it to its model, when several
 * agents share the chat: people's messages as they are, the agent's own
 * replies and tool results as they are, and what the other agents said as
 * people's messages naming them. Their tool calls and results are left
 * out: they are not this model's calls (an API rejects a tool result for a
 * call it did not make), and their edits show in the notebook anyway.
 * People's messages addressed to someone else (`@Bob …`, when the agent is
 * `agentName`) say so, so that the model does not take another agent's task
 * for its own.
 */
export function conversationFor(
  messages: readonly IChatMessage[],
  agentId: string,
  agentName?: string
): IChatMessage[] {
  const out: IChatMessage[] = [];
  for (const message of messages) {
    const own = message.author.id === agentId;
    if (
      message.role === 'user' &&
      agentName !== undefined &&
      /^\s*@\S/.test(message.body) &&
      addressee(message.body, [agentName]) === null
    ) {
      out.push({
        ...message,
        body: `(${message.author.name} wrote this to someone else, not to you:)\n${message.body}`
      });
    } else if (message.role === 'user' || own) {
      out.push(message);
    } else if (message.role === 'assistant' && message.body.trim()) {
      out.push({
        id: message.id,
        role: 'user',
        author: message.author,
        time: message.time,
        status: 'done',
        body: `(${message.author.name}, another agent in this chat, wrote:)\n${message.body}`
      });
    }
    // Others' tool results, errors and notices: not for this model.
  }
  return out;
}
