import { describe, expect, it } from 'vitest';
import { BrowserStore, MAX_RECENT } from '../../src/renderer/platform/browserStore';

/** localStorage's contract in memory, with a quota in characters as browsers count it. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    const used = [...this.items].reduce((n, [k, v]) => n + (k === key ? 0 : k.length + v.length), 0);
    if (used + key.length + value.length > this.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

describe('recent projects in a browser', () => {
  it('lists remembered projects newest first, each once, and gives back their text', () => {
    const store = new BrowserStore(new MemoryStorage());
    store.remember('a.json', 'A');
    store.remember('b.json', 'B');
    store.remember('a.json', 'A2');
    expect(store.recent()).toEqual([
      { name: 'a.json', path: 'browser:a.json' },
      { name: 'b.json', path: 'browser:b.json' },
    ]);
    expect(store.recentText('browser:a.json')).toEqual({ name: 'a.json', text: 'A2' });
    expect(() => store.recentText('browser:c.json')).toThrow("'c.json' is not among this browser's recent projects");
  });

  it(`keeps ${MAX_RECENT} and forgets the text of older ones`, () => {
    const storage = new MemoryStorage();
    const store = new BrowserStore(storage);
    for (let i = 0; i < MAX_RECENT + 3; i++) store.remember(`p${i}.json`, `text ${i}`);
    expect(store.recent().map((e) => e.name)).toEqual(Array.from({ length: MAX_RECENT }, (_, i) => `p${MAX_RECENT + 2 - i}.json`));
    // Their texts, the list, and which was last.
    expect(storage.length).toBe(MAX_RECENT + 2);
  });

  it('drops the oldest copies when storage is full, and skips one that cannot fit at all', () => {
    const store = new BrowserStore(new MemoryStorage(560));
    store.remember('one.json', 'x'.repeat(100));
    store.remember('two.json', 'y'.repeat(100));
    store.remember('three.json', 'z'.repeat(100));
    expect(store.recent().map((e) => e.name)).toEqual(['three.json', 'two.json']);
    store.remember('huge.json', 'h'.repeat(1000));
    expect(() => store.recentText('browser:huge.json')).toThrow(/not among/);
  });


  const damaged = ['not json', '{"a":1}', '[{"name":1}]', 'null'];
  it.each(damaged)('reads a damaged list (%s) as empty', (value) => {
    const storage = new MemoryStorage();
    storage.setItem('netcanvas.recentProjects', value);
    expect(new BrowserStore(storage).recent()).toEqual([]);
  });

  it('keeps one recovery copy, and says when it does not fit', () => {
    const store = new BrowserStore(new MemoryStorage(100));
    expect(store.loadRecovery()).toBeNull();
    store.saveRecovery('{"draft":1}');
    expect(store.loadRecovery()).toBe('{"draft":1}');
    expect(() => store.saveRecovery('x'.repeat(200))).toThrow(/The recovery copy does not fit in this browser's storage/);
    expect(store.loadRecovery()).toBe('{"draft":1}');
    store.clearRecovery();
    expect(store.loadRecovery()).toBeNull();
  });

  it('keeps the saved blocks (My blocks), and says when they do not fit', () => {
    const store = new BrowserStore(new MemoryStorage(100));
    expect(store.loadBlocks()).toBeNull();
    store.saveBlocks('{"blocks":1}');
    expect(store.loadBlocks()).toBe('{"blocks":1}');
    expect(() => store.saveBlocks('x'.repeat(200))).toThrow(/The saved blocks do not fit in this browser's storage/);
    expect(store.loadBlocks()).toBe('{"blocks":1}');
  });
});

describe('projects saved in a browser', () => {
  it('keeps a saved project past any number of opened copies, and reopens the last one saved or opened', () => {
    const store = new BrowserStore(new MemoryStorage());
    expect(store.last()).toBeNull();
    store.save('Book CNN.netcanvas.json', 'CNN');
    expect(store.last()).toEqual({ name: 'Book CNN.netcanvas.json', text: 'CNN' });
    for (let i = 0; i < MAX_RECENT + 3; i++) store.remember(`p${i}.json`, `text ${i}`);
    const names = store.recent().map((e) => e.name);
    expect(names).toContain('Book CNN.netcanvas.json');
    expect(names.filter((n) => n !== 'Book CNN.netcanvas.json')).toHaveLength(MAX_RECENT);
    expect(store.last()).toEqual({ name: `p${MAX_RECENT + 2}.json`, text: `text ${MAX_RECENT + 2}` });
    store.recentText('browser:Book CNN.netcanvas.json');
    expect(store.last()?.name).toBe('Book CNN.netcanvas.json');
    expect(store.isSaved('Book CNN.netcanvas.json')).toBe(true);
    expect(store.isSaved('p1.json')).toBe(false);
  });

  it('saving again under a name replaces that project; opening a file of that name does not', () => {
    const store = new BrowserStore(new MemoryStorage());
    store.save('a.netcanvas.json', 'first');
    store.save('a.netcanvas.json', 'second');
    store.remember('a.netcanvas.json', 'opened from disk');
    expect(store.recent()).toEqual([{ name: 'a.netcanvas.json', path: 'browser:a.netcanvas.json' }]);
    expect(store.recentText('browser:a.netcanvas.json').text).toBe('second');
  });

  it('makes room by dropping opened copies, never saved projects, and says when a project does not fit', () => {
    const store = new BrowserStore(new MemoryStorage(700));
    store.save('kept.netcanvas.json', 'k'.repeat(150));
    store.remember('copy.json', 'c'.repeat(150));
    store.save('new.netcanvas.json', 'n'.repeat(200));
    expect(store.recent().map((e) => e.name)).toEqual(['new.netcanvas.json', 'kept.netcanvas.json']);
    expect(() => store.save('huge.netcanvas.json', 'h'.repeat(400))).toThrow("'huge.netcanvas.json' (0.0 MB) does not fit in this browser's storage");
    expect(store.recent().map((e) => e.name)).toEqual(['new.netcanvas.json', 'kept.netcanvas.json']);
    expect(store.recentText('browser:kept.netcanvas.json').text).toBe('k'.repeat(150));
  });

  it('a failed save over an existing project keeps its old text', () => {
    const store = new BrowserStore(new MemoryStorage(400));
    store.save('a.netcanvas.json', 'old');
    expect(() => store.save('a.netcanvas.json', 'x'.repeat(500))).toThrow(/does not fit/);
    expect(store.recentText('browser:a.netcanvas.json').text).toBe('old');
  });
});
