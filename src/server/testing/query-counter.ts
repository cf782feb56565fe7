import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/** The tables of the raw register (people, their histories, services, unit records, postings, flags). */
export const REGISTER_TABLES: ReadonlySet<string> = new Set([
  'person',
  'household',
  'employment_spell',
  'unemployment_registration',
  'difficulty_recognition',
  'zero_employment_recognition',
  'person_transfer',
  'service_record',
  'unit_record',
  'vacancy',
  'reviewer_mismatch_flag',
]);

/**
 * A Kysely plugin that counts, per table, the queries naming it (`db.withPlugin(counter)`): proof that a read
 * path stays off the register. It walks the operation tree, so raw `sql` text is not seen.
 */
export class QueryCounter implements KyselyPlugin {
  readonly counts = new Map<string, number>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const seen = new Set<string>();
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) for (const x of n) walk(x);
      else if (n && typeof n === 'object') {
        const node = n as { kind?: string; table?: { identifier?: { name?: string } } };
        if (node.kind === 'TableNode' && node.table?.identifier?.name) seen.add(node.table.identifier.name);
        for (const v of Object.values(n)) walk(v);
      }
    };
    walk(args.node);
    for (const t of seen) this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }

  reset(): void {
    this.counts.clear();
  }

  /** Queries that named any register table since the last reset. */
  registerQueries(): number {
    let n = 0;
    for (const [t, c] of this.counts) if (REGISTER_TABLES.has(t)) n += c;
    return n;
  }
}
