import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.ts';

async function* numbers(n: number, failAt = -1, seen: number[] = []) {
  for (let i = 0; i < n; i++) {
    if (i === failAt) throw new Error(`bad ${i}`);
    seen.push(i);
    await Promise.resolve();
    yield i;
  }
}

describe('readAhead', () => {
  it('yields every item in order', async () => {
    const out: number[] = [];
    for await (const x of readAhead(numbers(1000), 10)) out.push(x);
    expect(out).toEqual([...Array(1000).keys()]);
  });

  it('reads no further ahead than its limit', async () => {
    const seen: number[] = [];
    const it = readAhead(numbers(100, -1, seen), 5)[Symbol.asyncIterator]();
    await it.next();
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 1));
    expect(seen.length).toBeLessThanOrEqual(7);
    await it.return(undefined);
  });

  it('passes the source error on where it happened', async () => {
    const out: number[] = [];
    await expect(async () => {
      for await (const x of readAhead(numbers(10, 4), 3)) out.push(x);
    }).rejects.toThrow('bad 4');
    expect(out).toEqual([0, 1, 2, 3]);
  });

  it('stops the source when the consumer stops', async () => {
    let finished = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        finished = true;
      }
    }
    for await (const x of readAhead(source(), 4)) if (x === 2) break;
    expect(finished).toBe(true);
  });
});
