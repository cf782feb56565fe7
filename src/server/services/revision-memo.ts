import type { RegisterState } from '../repositories/unit-result.repository.ts';

/**
 * Values by key, least recently used first out once their summed weight passes `limit`; the value just set stays
 * even when it alone is over.
 */
export class WeightedLru<V> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(
    private readonly limit: number,
    private readonly weigh: (v: V) => number,
  ) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Sets (or touches, when `value` is the one kept) `key` as the most recently used. */
  set(key: string, value: V): void {
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.total -= this.weigh(old);
    }
    this.entries.set(key, value);
    this.total += this.weigh(value);
    for (const [k, v] of this.entries) {
      if (this.total <= this.limit || k === key) break;
      this.entries.delete(k);
      this.total -= this.weigh(v);
    }
  }

  get weight(): number {
    return this.total;
  }
}

/**
 * Values computed from a unit's register, kept in this process per database for the register state (revision,
 * migration 044, and token, 045) they were computed at and a key naming everything else they depend on (a
 * date, a profile…). A value is used only while the unit's state and the key are unchanged — the token too: a
 * database restored to an earlier revision holds other rows under the same number. The state is read from the
 * database before the register (see findRegisterStates), so a write racing a computation leaves its value
 * labelled older than what it read, never newer: it is computed again on the next request, by any instance.
 */
export class RevisionMemo<T> {
  private readonly byDb = new WeakMap<object, WeightedLru<{ state: RegisterState; key: string; value: T }>>();

  /** `keep`: entries kept per database, the least recently set dropped first. */
  constructor(private readonly keep: number) {}

  get(db: object, id: string, state: RegisterState, key: string): T | undefined {
    const e = this.byDb.get(db)?.get(id);
    return e && e.state.rev === state.rev && e.state.token === state.token && e.key === key
      ? e.value
      : undefined;
  }

  set(db: object, id: string, state: RegisterState, key: string, value: T): void {
    const memo = this.byDb.get(db) ?? this.byDb.set(db, new WeightedLru(this.keep, () => 1)).get(db)!;
    memo.set(id, { state, key, value });
  }
}
