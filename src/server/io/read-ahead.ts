/**
 * Pulls up to `limit` items ahead of the consumer. While the consumer waits on the database (PostgreSQL
 * round trips), parsing the next rows goes on; memory stays bounded by `limit`. Errors of the source reach
 * the consumer at the point it would have read them; a consumer that stops early stops the source.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, limit: number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const queue: T[] = [];
  let done = false;
  let failure: { error: unknown } | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;
  let space: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const pump = (async () => {
    try {
      while (!stopped) {
        if (queue.length >= limit) {
          await new Promise<void>((resolve) => (space = resolve));
          continue;
        }
        const next = await it.next();
        if (next.done) break;
        queue.push(next.value);
        notify();
      }
      if (stopped) await it.return?.();
    } catch (error) {
      failure = { error };
    } finally {
      done = true;
      notify();
    }
  })();
  try {
    for (;;) {
      if (queue.length) {
        const item = queue.shift()!;
        const s = space as (() => void) | null;
        space = null;
        s?.();
        yield item;
        continue;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stopped = true;
    const s = space as (() => void) | null;
    space = null;
    s?.();
    await pump;
  }
}
