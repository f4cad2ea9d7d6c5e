import { ANONYMOUS_AUTHOR_KEY, authorOf, IStorageLike } from '../author';

/** A `localStorage` of a browser. */
function storage(): IStorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: key => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value)
  };
}

const nameOf = (nickname: string) => `Anonymous ${nickname}`;

describe('authorOf', () => {
  it("is the server's user when there is one", () => {
    const browser = storage();
    expect(
      authorOf(
        {
          username: 'u-42',
          name: 'Ada',
          display_name: 'Ada L.',
          color: '#123456'
        },
        browser,
        nameOf
      )
    ).toEqual({ id: 'u-42', name: 'Ada L.', color: '#123456' });
    expect(browser.items.size).toBe(0);
  });

  it('without an identity (JupyterLite), is one anonymous author per browser, kept over reloads', () => {
    const first = storage();
    const second = storage();
    const a = authorOf(null, first, nameOf);
    expect(a.id).toMatch(/^anonymous-[0-9a-z]+$/);
    expect(a.name).toMatch(/^Anonymous [A-Z][a-z]+$/);
    expect(a.color).toMatch(/^var\(--jp-collaborator-color[1-7]\)$/);
    // The same browser, later (a reload): the same author.
    expect(authorOf(null, first, nameOf)).toEqual(a);
    expect(JSON.parse(first.items.get(ANONYMOUS_AUTHOR_KEY)!)).toEqual(a);
    // Another browser: another author.
    expect(authorOf(undefined, second, nameOf).id).not.toBe(a.id);
  });

  it('replaces a stored value that is not an author, and works without storage', () => {
    const browser = storage();
    browser.items.set(ANONYMOUS_AUTHOR_KEY, '{"id": 3');
    const a = authorOf(null, browser, nameOf);
    expect(a.id).toMatch(/^anonymous-/);
    expect(JSON.parse(browser.items.get(ANONYMOUS_AUTHOR_KEY)!)).toEqual(a);
    const refusing: IStorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      }
    };
    expect(authorOf(null, refusing, nameOf).id).toMatch(/^anonymous-/);
    expect(authorOf(null, null, nameOf).id).toMatch(/^anonymous-/);
  });
});
