/** A clock tests can move. */
export function fixedClock(start = '2026-11-26T08:00:00.000Z') {
  let t = Date.parse(start);
  const now = () => new Date(t);
  return Object.assign(now, {
    advance(ms: number) {
      t += ms;
    },
    set(iso: string) {
      t = Date.parse(iso);
    },
  });
}
