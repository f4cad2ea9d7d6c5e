import {
  addressee,
  addressableAgents,
  completeMention,
  matchingAgents,
  mentionAt,
  presentAgents,
  shouldAnswer,
  withoutAddressee
} from '../addressing';

describe('addressee', () => {
  it('finds the agent named at the start, case-insensitively', () => {
    expect(addressee('@Ada please document f', ['Ada', 'Bob'])).toBe('Ada');
    expect(addressee('@ada, please', ['Ada'])).toBe('Ada');
    expect(addressee('  @BOB: hi', ['Ada', 'Bob'])).toBe('Bob');
    expect(addressee('@Ada', ['Ada'])).toBe('Ada');
    expect(addressee('@ada.', ['Ada'])).toBe('Ada');
  });

  it('is null without an @name at the start, or for another word', () => {
    expect(addressee('Ada, please', ['Ada'])).toBeNull();
    expect(addressee('please @Ada', ['Ada'])).toBeNull();
    expect(addressee('@Adam hi', ['Ada'])).toBeNull();
    expect(addressee('@ada.b hi', ['ada'])).toBeNull();
    expect(addressee('@Carol hi', ['Ada', 'Bob'])).toBeNull();
    expect(addressee('@ hi', ['Ada'])).toBeNull();
  });

  it('takes the longest name that matches', () => {
    expect(addressee('@Ada Lovelace hi', ['Ada', 'Ada Lovelace'])).toBe(
      'Ada Lovelace'
    );
    expect(addressee('@Ada hi', ['Ada Lovelace', 'Ada'])).toBe('Ada');
    expect(addressee('@gpt-4o-mini hi', ['gpt-4o', 'gpt-4o-mini'])).toBe(
      'gpt-4o-mini'
    );
  });
});

describe('withoutAddressee', () => {
  it('removes the @name and the punctuation after it', () => {
    expect(withoutAddressee('@Ada, document f', 'Ada')).toBe('document f');
    expect(withoutAddressee('hello', 'Ada')).toBe('hello');
  });
});

describe('shouldAnswer', () => {
  const ask = (text: string, self: string, others: string[], unaddr = false) =>
    shouldAnswer({ text, self, others, answersUnaddressed: unaddr });

  it('answers what is addressed to it, whoever else is present', () => {
    expect(ask('@Ada go', 'Ada', ['Bob', 'gpt-4o'])).toBe(true);
    expect(ask('@ada go', 'Ada', [])).toBe(true);
  });

  it('leaves a message addressed to another agent present to that one', () => {
    // The page's agent (answersUnaddressed) and a headless one alike.
    expect(ask('@Bob go', 'gpt-4o', ['Bob'], true)).toBe(false);
    expect(ask('@Bob go', 'Ada', ['Bob'], true)).toBe(false);
  });

  it('answers unaddressed messages only when it answers those', () => {
    expect(ask('please go', 'gpt-4o', ['Ada'], true)).toBe(true);
    expect(ask('please go', 'Ada', ['gpt-4o'], false)).toBe(false);
    // An @ of someone who is no agent present is no address.
    expect(ask('@Carol look', 'gpt-4o', ['Ada'], true)).toBe(true);
    expect(ask('@Carol look', 'Ada', [], false)).toBe(false);
  });

  it('makes two agents of one name both answer', () => {
    expect(ask('@Ada go', 'Ada', ['Ada'])).toBe(true);
  });
});

describe('presentAgents', () => {
  it('lists the awareness states that are agents', () => {
    const states = new Map<number, Record<string, any>>([
      [1, { user: { name: 'Alice' }, cursors: [] }],
      [2, { user: { name: 'Ada' }, agent: { activity: 'idle' } }],
      [3, { agent: { activity: 'idle' } }],
      [4, { user: { name: ' gpt-4o ' }, agent: { activity: 'editing' } }]
    ]);
    expect(presentAgents(states)).toEqual([
      { clientId: 2, name: 'Ada' },
      { clientId: 4, name: 'gpt-4o' }
    ]);
  });
});

describe('addressableAgents', () => {
  const states = new Map<number, Record<string, any>>([
    [1, { user: { name: 'Alice' } }],
    [2, { user: { name: 'gpt-4o' }, agent: { owner: 'Alice' } }],
    [3, { user: { name: 'Ada' }, agent: { owner: null } }],
    [4, { user: { name: 'claude' }, agent: { owner: 'Bob' } }],
    [5, { user: { name: 'Babbage' }, agent: {} }]
  ]);

  it("lists this page's agent first, then the headless ones", () => {
    expect(addressableAgents(states, { name: 'gpt-4o', clientId: 2 })).toEqual([
      { name: 'gpt-4o', kind: 'page' },
      { name: 'Ada', kind: 'headless' },
      { name: 'Babbage', kind: 'headless' }
    ]);
  });

  it("lists this page's agent before it has joined", () => {
    expect(
      addressableAgents(new Map(), { name: ' qwen ' }).map(a => a.name)
    ).toEqual(['qwen']);
  });

  it('leaves out other people’s page agents and an unset own agent', () => {
    const names = addressableAgents(states, null).map(a => a.name);
    expect(names).toEqual(['Ada', 'Babbage']);
  });
});

describe('mentionAt', () => {
  it('finds an @ at the start, with what is typed up to the caret', () => {
    expect(mentionAt('@', 1)).toEqual({ from: 0, to: 1, query: '' });
    expect(mentionAt('@Ad', 3)).toEqual({ from: 0, to: 3, query: 'Ad' });
    expect(mentionAt('@Adx please', 2)).toEqual({
      from: 0,
      to: 4,
      query: 'A'
    });
  });

  it('finds an @ at a word start later in the text', () => {
    expect(mentionAt('ask @B', 6)).toEqual({ from: 4, to: 6, query: 'B' });
    expect(mentionAt('line\n@', 6)).toEqual({ from: 5, to: 6, query: '' });
  });

  it('finds nothing inside a word, after a space, or without @', () => {
    expect(mentionAt('mail@ex', 7)).toBeNull();
    expect(mentionAt('@Ada ', 5)).toBeNull();
    expect(mentionAt('hello', 3)).toBeNull();
    expect(mentionAt('', 0)).toBeNull();
  });
});

describe('matchingAgents', () => {
  const agents = [
    { name: 'AI agent' },
    { name: 'Ada' },
    { name: 'Bob Ada' },
    { name: 'gpt-4o' }
  ];

  it('puts names that start with the query before word matches', () => {
    expect(matchingAgents('ad', agents).map(a => a.name)).toEqual([
      'Ada',
      'Bob Ada'
    ]);
    expect(matchingAgents('4', agents).map(a => a.name)).toEqual(['gpt-4o']);
  });

  it('lists all for an empty query and none for no match', () => {
    expect(matchingAgents('', agents)).toHaveLength(4);
    expect(matchingAgents('zed', agents)).toEqual([]);
  });
});

describe('completeMention', () => {
  it('replaces the mention with @name and a space', () => {
    const text = '@A';
    expect(completeMention(text, mentionAt(text, 2)!, 'Ada')).toEqual({
      text: '@Ada ',
      caret: 5
    });
  });

  it('replaces the whole word and keeps a following space single', () => {
    const text = 'ask @Bx now';
    expect(completeMention(text, mentionAt(text, 6)!, 'Bob')).toEqual({
      text: 'ask @Bob now',
      caret: 9
    });
  });

  it('gives a message that addressee reads as addressed', () => {
    const done = completeMention('@a', mentionAt('@a', 2)!, 'AI agent');
    expect(addressee(done.text + 'hi', ['AI agent', 'Ada'])).toBe('AI agent');
  });
});
