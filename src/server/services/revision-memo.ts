/**
 * Values computed from a unit's register, kept in this process per database for the register revision
 * (migration 044) they were computed at and a key naming everything else they depend on (a date, a profile…).
 * A value is used only while the unit's revision and the key are unchanged; the revision is read from the
 * database before the register (see findRegisterStates), so a write racing a computation leaves its value
 * labelled older than what it read, never newer: it is computed again on the next request, by any instance.
 */
export class RevisionMemo<T> {
  private readonly byDb = new WeakMap<object, Map<string, { rev: number; key: string; value: T }>>();

  /** `keep`: entries kept per database, the oldest dropped first. */
  constructor(private readonly keep: number) {}

  get(db: object, id: string, rev: number, key: string): T | undefined {
    const e = this.byDb.get(db)?.get(id);
    return e && e.rev === rev && e.key === key ? e.value : undefined;
  }

  set(db: object, id: string, rev: number, key: string, value: T): void {
    const memo = this.byDb.get(db) ?? this.byDb.set(db, new Map()).get(db)!;
    memo.delete(id);
    if (memo.size >= this.keep) memo.delete(memo.keys().next().value!);
    memo.set(id, { rev, key, value });
  }
}
