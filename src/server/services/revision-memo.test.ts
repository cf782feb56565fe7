import { describe, expect, it } from 'vitest';
import { WeightedLru } from './revision-memo.ts';

/** The bound on the registers a process keeps: by persons, least recently used out first. */
describe('WeightedLru', () => {
  const lru = () => new WeightedLru<{ persons: number }>(7, (v) => v.persons);

  it('lets the least recently used go once the weight passes the limit', () => {
    const m = lru();
    m.set('a', { persons: 3 });
    m.set('b', { persons: 3 });
    m.set('c', { persons: 3 });
    expect(m.get('a')).toBeUndefined();
    expect(m.get('b')).toEqual({ persons: 3 });
    expect(m.get('c')).toEqual({ persons: 3 });
    expect(m.weight).toBe(6);
  });

  it('counts setting a kept value again as a use', () => {
    const m = lru();
    m.set('a', { persons: 3 });
    m.set('b', { persons: 3 });
    m.set('a', m.get('a')!);
    m.set('c', { persons: 3 });
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBeDefined();
    expect(m.weight).toBe(6);
  });

  it('replaces a value under the same key by its new weight', () => {
    const m = lru();
    m.set('a', { persons: 3 });
    m.set('a', { persons: 5 });
    expect(m.weight).toBe(5);
  });

  it('keeps the value just set even when it alone is over the limit, and nothing else', () => {
    const m = lru();
    m.set('a', { persons: 3 });
    m.set('town', { persons: 10 });
    expect(m.get('a')).toBeUndefined();
    expect(m.get('town')).toEqual({ persons: 10 });
    expect(m.weight).toBe(10);
  });
});
