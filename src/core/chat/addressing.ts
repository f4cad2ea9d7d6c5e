/**
 * Who answers a message in a chat that several agents share: the page's
 * own agent of each person, and headless agents (`coauthor-agent`). One
 * rule, used by both, so that exactly one agent answers a message that
 * names one:
 *
 * - A message that starts with `@Name` (case-insensitive, the name followed
 *   by a space, punctuation or the end) is for the agent named so; only it
 *   answers.
 * - A message that names no agent present is unaddressed. The page's agent
 *   of the person who sent it answers it (the chat panel is a conversation
 *   with one's co-author); a headless agent answers it only when it was
 *   started with `--answer-unaddressed` and is the only agent present.
 */

/** An agent in the room, as its presence shows it. */
export interface IPresentAgent {
  /** Its Yjs client id (that of its awareness state). */
  readonly clientId: number;
  /** The name it is addressed by (`user.name` of its presence). */
  readonly name: string;
}

/**
 * The agents in an awareness's states: those whose state has an `agent`
 * field (what `AgentPeer` publishes) and a user name.
 */
export function presentAgents(
  states: ReadonlyMap<number, Record<string, any>>
): IPresentAgent[] {
  const agents: IPresentAgent[] = [];
  states.forEach((state, clientId) => {
    const name = state?.user?.name;
    if (state?.agent && typeof name === 'string' && name.trim()) {
      agents.push({ clientId, name: name.trim() });
    }
  });
  return agents;
}

/**
 * The name a message is addressed to among `names` (as given), or null.
 * The longest name that matches wins, so that `@Ada Lovelace` is not taken
 * for `@Ada` when both are present.
 */
export function addressee(
  text: string,
  names: Iterable<string>
): string | null {
  const start = text.trimStart();
  if (!start.startsWith('@')) {
    return null;
  }
  const rest = start.slice(1).toLowerCase();
  let best: string | null = null;
  for (const name of names) {
    const clean = name.trim();
    if (!clean || (best && best.length >= clean.length)) {
      continue;
    }
    const lower = clean.toLowerCase();
    if (rest.startsWith(lower) && Private.endsName(rest, lower.length)) {
      best = clean;
    }
  }
  return best;
}

/**
 * The text of a message without its `@Name` (what the agent is asked).
 */
export function withoutAddressee(text: string, name: string): string {
  const start = text.trimStart();
  if (!start.toLowerCase().startsWith(`@${name.toLowerCase()}`)) {
    return text;
  }
  return start
    .slice(name.length + 1)
    .replace(/^[\s,:;]+/, '')
    .trimEnd();
}

/** What `shouldAnswer` decides with. */
export interface IAnswerQuestion {
  /** The message's text. */
  readonly text: string;
  /** The name of the agent asking itself. */
  readonly self: string;
  /** The names of the other agents present (not `self`). */
  readonly others: Iterable<string>;
  /**
   * Whether this agent answers unaddressed messages: always for the page's
   * agent of the sender; for a headless agent, when it was asked to and is
   * the only agent present.
   */
  readonly answersUnaddressed: boolean;
}

/**
 * Whether an agent answers a message: when it is addressed to it, or when
 * it is addressed to no agent present and the agent answers unaddressed
 * messages. A name shared by two agents makes both answer.
 */
export function shouldAnswer(question: IAnswerQuestion): boolean {
  const others = [...question.others];
  const to = addressee(question.text, [question.self, ...others]);
  if (to === null) {
    return question.answersUnaddressed;
  }
  return to.toLowerCase() === question.self.trim().toLowerCase();
}

/** An agent one can address from the chat input (`@Name`). */
export interface IAddressableAgent {
  /** The name it is addressed by. */
  readonly name: string;
  /**
   * `page`: this page's own agent (it answers this user); `headless`: a
   * `coauthor-agent` in the room (it answers whoever addresses it).
   */
  readonly kind: 'page' | 'headless';
}

/**
 * The agents this user's message can reach: this page's own agent first
 * (`own`, given even before it has joined: it joins on the first message),
 * then the headless agents present. Other people's page agents are left
 * out: they answer only their own user.
 */
export function addressableAgents(
  states: ReadonlyMap<number, Record<string, any>>,
  own: { readonly name: string; readonly clientId?: number } | null
): IAddressableAgent[] {
  const agents: IAddressableAgent[] = [];
  if (own?.name.trim()) {
    agents.push({ name: own.name.trim(), kind: 'page' });
  }
  for (const agent of presentAgents(states)) {
    const owner = states.get(agent.clientId)?.agent?.owner;
    if (agent.clientId !== own?.clientId && !owner) {
      agents.push({ name: agent.name, kind: 'headless' });
    }
  }
  return agents;
}

/** The `@name` being typed at the caret: what a completion replaces. */
export interface IMentionAt {
  /** Where the `@` is. */
  readonly from: number;
  /** Where the word it starts ends (the caret, or past it). */
  readonly to: number;
  /** What is typed between the `@` and the caret. */
  readonly query: string;
}

/**
 * The `@name` the caret is in, or null: an `@` at the start of the text or
 * of a word, followed up to the caret by no space. Only one at the start
 * addresses the message (`addressee`); one later mentions the agent.
 */
export function mentionAt(text: string, caret: number): IMentionAt | null {
  const end = Math.max(0, Math.min(caret, text.length));
  let at = end - 1;
  while (at >= 0 && text[at] !== '@' && !/\s/.test(text[at])) {
    at--;
  }
  if (at < 0 || text[at] !== '@' || (at > 0 && !/\s/.test(text[at - 1]))) {
    return null;
  }
  let to = end;
  while (to < text.length && !/\s/.test(text[to])) {
    to++;
  }
  return { from: at, to, query: text.slice(at + 1, end) };
}

/**
 * The agents whose name matches what is typed after `@`: names that start
 * with it first, then names with a word that does, case-insensitively.
 */
export function matchingAgents<T extends { readonly name: string }>(
  query: string,
  agents: readonly T[]
): T[] {
  const q = query.toLowerCase();
  const starts = agents.filter(a => a.name.toLowerCase().startsWith(q));
  const words = agents.filter(
    a =>
      !starts.includes(a) &&
      a.name
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .some(word => word.startsWith(q))
  );
  return [...starts, ...words];
}

/**
 * The text with the mention replaced by `@name ` and the caret after it
 * (no second space when one follows already).
 */
export function completeMention(
  text: string,
  mention: Pick<IMentionAt, 'from' | 'to'>,
  name: string
): { text: string; caret: number } {
  const after = text.slice(mention.to);
  const inserted = after.startsWith(' ') ? `@${name}` : `@${name} `;
  return {
    text: text.slice(0, mention.from) + inserted + after,
    caret: mention.from + inserted.length + (after.startsWith(' ') ? 1 : 0)
  };
}

namespace Private {
  /** Whether a name that matched `rest` up to `end` ends there. */
  export function endsName(rest: string, end: number): boolean {
    if (end >= rest.length) {
      return true;
    }
    // A letter, digit, '-', '_' or '.' followed by more would continue the
    // name (`@Adam` is not `@Ada`; `@ada.` at a sentence's end is).
    return (
      !/[\p{L}\p{N}_-]/u.test(rest[end]) &&
      !/^\.[\p{L}\p{N}]/u.test(rest.slice(end))
    );
  }
}
