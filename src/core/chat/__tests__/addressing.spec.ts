import {
  addressee,
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
