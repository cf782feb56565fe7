import { createHash } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Permission, type Role } from '../../domain/access.ts';
import { makeIdNumber } from '../../domain/id-number.ts';
import { ACCOUNT_OF_ROLE, createTestApp, type Agent, type TestApp } from '../testing/http.ts';
import { fakeJpeg, fakePdf, multipartFile } from '../testing/multipart.ts';
import { HOSTILE, buildZip, minimalWorkbookEntries, sheetXmlWithRows } from '../testing/ledger-files.ts';
import { DIALECTS } from '../testing/test-db.ts';
import type { RegisteredRoute } from './types.ts';

/**
 * QUALITY.md "bad input": every write route of the OpenAPI document gets at least 1,000 generated malformed
 * requests — wrong types, huge strings, control and bidi characters, `__proto__` and `constructor` keys, deep
 * nesting, arrays for objects, wrong content types and broken bodies, bad path parameters and bogus query
 * strings — sent by an account allowed to use the route. Every one must be refused with a 4xx and a Chinese
 * message, none may leak a stack trace, SQL or an internal error name, and no row of any table may change.
 *
 * Each request carries at least one defect the route must refuse (a schema violation, a broken body, a bad
 * path parameter, a reference to nothing, an impossible date, a forbidden character…); everything else in it
 * is either a valid value of the route or more hostile noise. So any 2xx is itself a flaw, named with the
 * request that caused it. The generator is seeded: a failure replays exactly.
 */

const REQUESTS_PER_ROUTE = 1000;
/** a request that takes longer than this hangs: the test names the route and the payload */
const REQUEST_TIMEOUT_MS = 10_000;
/** requests in flight at once (inject runs in-process; PostgreSQL round trips overlap) */
const IN_FLIGHT = 6;
const SEED = 20261126;

const LIUCUO = '350505100201';
const YEAR = '2026';
const NOWHERE_UNIT = '350505999999';
const INT4_MAX = 2_147_483_647;
const MB = 1024 * 1024;

// ——— a small deterministic generator (mulberry32) ———

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ——— JSON with the shapes JSON.stringify cannot make: repeated and __proto__ keys, raw literals ———

/** A literal written into the JSON text as is (deep nesting, 1e400, broken escapes). */
class Raw {
  constructor(readonly text: string) {}
}
/** An object as a list of entries, so a key may repeat or be `__proto__`. */
class Obj {
  constructor(readonly entries: [string, Json][] = []) {}
  get(key: string): Json | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }
  set(key: string, value: Json): Obj {
    const i = this.entries.findIndex(([k]) => k === key);
    if (i >= 0) this.entries[i] = [key, value];
    else this.entries.push([key, value]);
    return this;
  }
  without(key: string): Obj {
    return new Obj(this.entries.filter(([k]) => k !== key));
  }
  clone(): Obj {
    return new Obj(this.entries.map(([k, v]) => [k, cloneJson(v)]));
  }
}
type Json = null | boolean | number | string | Raw | Obj | Json[];

function cloneJson(v: Json): Json {
  if (v instanceof Obj) return v.clone();
  if (Array.isArray(v)) return v.map(cloneJson);
  return v;
}

function encode(v: Json): string {
  if (v instanceof Raw) return v.text;
  if (v instanceof Obj)
    return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${encode(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(encode).join(',')}]`;
  return JSON.stringify(v);
}

// ——— hostile material ———

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f'];
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
/** strings that are odd but not forbidden: they may appear where any text is allowed */
const ODD_TEXT = [
  '',
  ' ',
  '\t\r\n',
  "'; DROP TABLE person; --",
  "1' OR '1'='1",
  '" OR ""="',
  '\\',
  '\\u0000',
  '%00',
  '%s%s%s%n',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'file:///etc/passwd',
  "=cmd|' /C calc'!A0",
  '+1+1',
  '@SUM(1)',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\u200b\u200c\u200d',
  '\uffff',
  '𠀀𠀁𪚥',
  '👨‍👩‍👧‍👦',
  'Z̷̢͉̈́a̶̛͍l̸g̵o',
  '٣٤٥',
  '３５０５０５',
  'null',
  'undefined',
  'NaN',
  'true',
  '[object Object]',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];
const FORBIDDEN_TEXT = [...CONTROL, ...BIDI].map((c) => `张${c}三`);
const IMPOSSIBLE_DATES = ['2026-02-30', '2026-13-01', '2026-00-10', '2026-04-31', '0000-00-00', '9999-99-99'];
const NOT_DATES = [
  '2026/03/01',
  '2026-3-1',
  '20260301',
  '2026-03-01T00:00:00Z',
  '２０２６-０３-０１',
  '-2026-03-01',
];
/** path parameter values no route may read as a record number, a unit code or a year */
const BAD_IDS = [
  '0',
  '-1',
  'abc',
  '1.5',
  '1.0',
  '0x1',
  '1e0',
  '+1',
  '01',
  '%201',
  '1%20',
  '1%09',
  '１',
  '١',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '..',
  '../1',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f',
  '%00',
  '1%00',
  '%E2%80%AE1',
  '%F0%9F%98%80',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '9'.repeat(120),
  String(INT4_MAX + 1),
  '9007199254740993',
  '18446744073709551616',
];
const BAD_UNIT_CODES = [
  '35050510020',
  '3505051002011',
  '35050510020a',
  '%EF%BC%93%EF%BC%95%EF%BC%90%EF%BC%95%EF%BC%90%EF%BC%95%EF%BC%91%EF%BC%90%EF%BC%90%EF%BC%92%EF%BC%90%EF%BC%91',
  '350505100201%00',
  '..%2F350505100201',
  '%20350505100201',
  'null',
  '%',
  NOWHERE_UNIT,
];
const BAD_YEARS = [
  '1999',
  '2101',
  '0',
  '-2026',
  '2026.5',
  '2026.0',
  '0x7EA',
  '2.026e3',
  '+2026',
  '%202026',
  '二〇二六',
  '%',
];
const BOGUS_QUERIES = [
  '__proto__[admin]=1',
  'constructor[prototype][admin]=1',
  'a[b][c][d][e][f][g][h]=1',
  'a=1&a=2&a=3',
  '%ZZ=%ZZ',
  'x=%00%01%1b',
  `q=${'%E2%80%AE'.repeat(20)}`,
  `long=${'x'.repeat(8000)}`,
  '&&&&==&=',
  'version=999',
  'id=1;DROP',
  'callback=alert(1)',
  'unit=350505100202',
  'as=admin',
];

const hugeStrings = new Map<string, Raw>();

/**
 * A string of `length` characters (code points: what maxLength counts) of one of several alphabets, as JSON.
 * The long ones are made once: the same megabytes recur on every route.
 */
function hugeString(rng: Rng, length: number): Raw {
  const alphabet = rng.pick(['a', '测', 'x\u0000', 'ab\u202e', '"\\', '😀', '𠀀a']);
  const key = `${alphabet}:${length}`;
  let s = hugeStrings.get(key);
  if (s === undefined) {
    const chars = [...alphabet];
    s = new Raw(JSON.stringify(Array.from({ length }, (_, i) => chars[i % chars.length]!).join('')));
    if (length > 10_000) hugeStrings.set(key, s);
  }
  return s;
}

const hugeBodies = new Map<number, string>();
/** A JSON body of `size` bytes and more, past the 2 MB body limit; made once per size. */
function hugeBody(size: number): string {
  let body = hugeBodies.get(size);
  if (body === undefined) hugeBodies.set(size, (body = `{"x":"${'a'.repeat(size)}"}`));
  return body;
}

function deepArray(depth: number): Raw {
  return new Raw('['.repeat(depth) + ']'.repeat(depth));
}
function deepObject(depth: number): Raw {
  return new Raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
}

// ——— JSON Schema (from the OpenAPI document) ———

interface Schema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  default?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

function typesOf(s: Schema): Set<string> {
  const out = new Set<string>();
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
    for (const t of typesOf(alt)) out.add(t);
  for (const t of [s.type ?? []].flat()) out.add(t);
  if (out.has('integer')) out.add('number');
  if (s.nullable) out.add('null');
  return out;
}

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/** What the test knows of the seeded records: ids, versions, and which ids belong to which route. */
interface Fixtures {
  person: number;
  personId: string;
  household: number;
  service: number;
  serviceFile: number;
  unitRecord: number;
  activity: number;
  activityFile: number;
  vacancy: number;
  otherUser: number;
  versions: Record<string, number>;
}

function recordOf(url: string): keyof Fixtures['versions'] | null {
  const m =
    /^\/api\/(persons|households|services|files|unit-records|activities|vacancies|admin\/users|admin\/roles|admin\/units|assessments)\b/.exec(
      url,
    );
  return m ? m[1]! : null;
}

function sampleId(url: string, fx: Fixtures): number {
  switch (recordOf(url)) {
    case 'persons':
      return fx.person;
    case 'households':
      return fx.household;
    case 'services':
      return fx.service;
    case 'files':
      return fx.serviceFile;
    case 'unit-records':
      return fx.unitRecord;
    case 'activities':
      return fx.activity;
    case 'vacancies':
      return fx.vacancy;
    case 'admin/users':
    case 'admin/roles':
      return fx.otherUser;
    default:
      throw new Error(`no sample record for ${url}: add one to the fixtures`);
  }
}

function samplePath(url: string, fx: Fixtures, override: Record<string, string> = {}): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    if (name in override) return override[name]!;
    if (name === 'code' || name === 'unit') return LIUCUO;
    if (name === 'year') return YEAR;
    if (name === 'id') return String(sampleId(url, fx));
    throw new Error(`no sample value for path parameter :${name} of ${url}`);
  });
}

/** A valid value for a schema, as far as the schema tells (names fill in what it cannot). */
function sample(s: Schema, name: string, route: WriteRoute, fx: Fixtures, index = 0): Json {
  if (s.enum?.length) return s.enum[0] as Json;
  const types = typesOf(s);
  if (types.has('object') || s.properties) {
    const o = new Obj();
    for (const key of s.required ?? []) o.set(key, sample(s.properties?.[key] ?? {}, key, route, fx));
    return o;
  }
  if (types.has('array')) {
    const n = Math.max(s.minItems ?? 0, 1);
    return Array.from({ length: n }, (_, i) => sample(s.items ?? {}, name, route, fx, i));
  }
  if (types.has('integer') || types.has('number')) {
    if (name === 'version') return fx.versions[recordOf(route.url) ?? ''] ?? 1;
    if (name === 'no') return index + 1;
    if (name === 'year') return Number(YEAR);
    if (name === 'personId') return fx.person;
    if (name === 'vacancyId') return fx.vacancy;
    if (name === 'fileId') return fx.activityFile;
    const min = typeof s.minimum === 'number' ? s.minimum + (s.exclusiveMinimum === true ? 1 : 0) : 1;
    return Math.max(min, Math.min(1, s.maximum ?? 1));
  }
  if (types.has('boolean')) return true;
  if (types.has('string')) {
    if (s.pattern === '^\\d{12}$') return LIUCUO;
    if (s.pattern === DATE_PATTERN) return '2026-03-01';
    if (s.pattern === '^\\d{6}$') return '123456';
    if (s.pattern?.includes('A-Za-z0-9+/')) return fakePdf(64).toString('base64');
    if (name === 'idNumber') return fx.personId;
    if (name === 'filename') return '材料.pdf';
    if (name === 'mime') return 'application/pdf';
    return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }
  return null;
}

// ——— the routes, from the OpenAPI document ———

type BodyKind = 'json' | 'multipart' | 'none';
interface WriteRoute {
  method: string;
  /** Fastify's form, `/api/persons/:id` */
  url: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema }[];
  body: BodyKind;
  bodySchema: Schema | null;
  bodyRequired: boolean;
  access: RegisteredRoute['access'];
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; schema: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
}

function writeRoutesOf(
  doc: { paths?: Record<string, Record<string, OpenApiOperation>> },
  table: RegisteredRoute[],
): WriteRoute[] {
  const out: WriteRoute[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith('/api')) continue;
    for (const [method, op] of Object.entries(ops)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      const registered = table.find((r) => r.method === method.toUpperCase() && r.url === url);
      if (!registered)
        throw new Error(`${method.toUpperCase()} ${url} is in the document but not the route table`);
      const content = op.requestBody?.content ?? {};
      const body: BodyKind = content['multipart/form-data']
        ? 'multipart'
        : content['application/json']
          ? 'json'
          : 'none';
      out.push({
        method: method.toUpperCase(),
        url,
        pathParams: (op.parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: p.schema })),
        queryParams: (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema })),
        body,
        bodySchema: content['application/json']?.schema ?? null,
        bodyRequired: op.requestBody?.required === true,
        access: registered.access,
      });
    }
  }
  return out;
}

// ——— who sends them ———

/** The first role (in the order of ROLES: village, town, district, administrators) that holds a permission. */
function roleFor(permission: Permission): Role {
  const role = ROLES.find((r) => can(r, permission));
  if (!role) throw new Error(`no role holds ${permission}`);
  return role;
}

// ——— one malformed request ———

interface Probe {
  /** what the test calls this request when it fails */
  label: string;
  opts: InjectOptions;
}

/** Everything in a generated request that is not the defect itself, chosen at random. */
function noiseHeaders(rng: Rng): Record<string, string> {
  const h: Record<string, string> = {};
  if (rng.chance(0.05))
    h['idempotency-key'] = rng.pick(['hostile-key-00000001', 'x', '\u00e9'.repeat(10), 'k'.repeat(200)]);
  if (rng.chance(0.05))
    h['x-forwarded-for'] = rng.pick(['127.0.0.1, ::1', 'not an address', '\u202e1.1.1.1']);
  if (rng.chance(0.03)) h.accept = rng.pick(['text/html', '*/*;q=0', 'application/xml']);
  if (rng.chance(0.03)) h['accept-language'] = 'en;q=1, zh;q=0';
  return h;
}

function withQuery(url: string, rng: Rng): string {
  if (!rng.chance(0.3)) return url;
  return `${url}?${rng.pick(BOGUS_QUERIES)}${rng.chance(0.3) ? `&${rng.pick(BOGUS_QUERIES)}` : ''}`;
}

/** A value that a schema refuses, or null when the generator knows none for it. */
function violation(s: Schema, name: string, rng: Rng, required = true): { value: Json; why: string } | null {
  const types = typesOf(s);
  const choices: (() => { value: Json; why: string } | null)[] = [];
  // a value of another JSON type
  choices.push(() => {
    const pool: [string, Json][] = [
      ['string', rng.pick(['x', '1', '', ...FORBIDDEN_TEXT])],
      ['number', rng.pick([1, 0, -1, 1.5, 1e300])],
      ['boolean', rng.pick([true, false])],
      ['null', null],
      ['array', rng.pick<Json>([[], ['x'], [1, 2, 3], [new Obj()]])],
      ['object', rng.pick<Json>([new Obj(), new Obj([['a', 1]]), new Obj([['length', 1e9]])])],
      ['array', deepArray(rng.pick([100, 10_000]))],
      ['object', deepObject(rng.pick([100, 10_000]))],
    ];
    const wrong = pool.filter(([t, v]) => {
      if (types.has(t)) return false;
      // 1, 0, -1 are integers; 1.5 and 1e300 are refused by an integer only
      if (t === 'number' && types.has('integer')) return !Number.isInteger(v);
      return true;
    });
    if (!wrong.length) return null;
    const [t, value] = rng.pick(wrong);
    return { value, why: `${name}: ${t} where ${[...types].join('|') || 'any'} is expected` };
  });
  if (types.has('string') && !s.enum) {
    if (s.maxLength !== undefined)
      choices.push(() => {
        // a field that takes megabytes (a CSV) is sent over-long now and then: each such body is megabytes
        if (s.maxLength! > 100_000 && rng.chance(0.8)) return null;
        const length = rng.chance(0.15)
          ? Math.max(MB, s.maxLength! + 1)
          : s.maxLength! + 1 + (s.maxLength! > 10_000 ? 0 : rng.int(50));
        return { value: hugeString(rng, length), why: `${name}: ${length} characters (max ${s.maxLength})` };
      });
    if (s.minLength) choices.push(() => ({ value: '', why: `${name}: empty (min ${s.minLength})` }));
    if (s.pattern) {
      const re = new RegExp(s.pattern);
      const candidates = [...ODD_TEXT, ...FORBIDDEN_TEXT, ...NOT_DATES, 'x'].filter((v) => !re.test(v));
      choices.push(() => ({ value: rng.pick(candidates), why: `${name}: does not match ${s.pattern}` }));
    }
    if (s.pattern === DATE_PATTERN)
      choices.push(() => ({ value: rng.pick(IMPOSSIBLE_DATES), why: `${name}: no such day` }));
  }
  if (s.enum)
    choices.push(() => {
      const candidates = [...ODD_TEXT, ...FORBIDDEN_TEXT].filter((v) => !s.enum!.includes(v));
      return { value: rng.pick(candidates), why: `${name}: not one of the listed values` };
    });
  if (types.has('integer') || types.has('number')) {
    if (typeof s.maximum === 'number')
      choices.push(() => ({ value: s.maximum! + 1 + rng.int(1000), why: `${name}: above ${s.maximum}` }));
    if (typeof s.minimum === 'number')
      choices.push(() => ({
        value: s.minimum! - (s.exclusiveMinimum === true ? 0 : 1) - rng.int(1000),
        why: `${name}: below ${s.minimum}`,
      }));
    choices.push(() => ({
      value: new Raw(rng.pick(['1e400', '-1e400'])),
      why: `${name}: an infinite number`,
    }));
    if (types.has('integer'))
      choices.push(() => ({ value: rng.pick([0.5, 1.000001, 2.5]), why: `${name}: not an integer` }));
    // a record that does not exist: a version nothing has, an id of nothing (also past a 32-bit column).
    // Only where the field is required: an optional reference a record type does not use is dropped.
    if (required && (name === 'version' || /Id$/.test(name)))
      choices.push(() => ({
        value: rng.pick([INT4_MAX, INT4_MAX + 1, 987_654_321, Number.MAX_SAFE_INTEGER]),
        why: `${name}: refers to nothing`,
      }));
  }
  if (types.has('array')) {
    if (s.minItems) choices.push(() => ({ value: [], why: `${name}: no items (min ${s.minItems})` }));
    if (s.maxItems !== undefined)
      choices.push(() => ({
        value: Array.from({ length: s.maxItems! + 1 + rng.int(20) }, () => 'x'),
        why: `${name}: more than ${s.maxItems} items`,
      }));
  }
  if (types.has('string') && !s.pattern && !s.enum)
    choices.push(() => ({ value: rng.pick(FORBIDDEN_TEXT), why: `${name}: control or bidi character` }));
  if (s.pattern === '^\\d{12}$')
    choices.push(() => ({ value: NOWHERE_UNIT, why: `${name}: a unit that does not exist` }));
  for (let i = 0; i < 4; i++) {
    const v = rng.pick(choices)();
    if (v) return v;
  }
  return null;
}

/** Every place in a body schema a defect can go: its path of keys, schema, and whether it is required. */
interface Slot {
  path: (string | number)[];
  schema: Schema;
  required: boolean;
}
function slots(s: Schema, path: (string | number)[] = []): Slot[] {
  const out: Slot[] = [];
  for (const [key, sub] of Object.entries(s.properties ?? {})) {
    out.push({ path: [...path, key], schema: sub, required: (s.required ?? []).includes(key) });
    if (sub.properties) out.push(...slots(sub, [...path, key]));
    if (sub.items?.properties) out.push(...slots(sub.items, [...path, key, 0]));
  }
  return out;
}

function setAt(
  root: Json,
  path: (string | number)[],
  value: Json,
  s: Schema,
  route: WriteRoute,
  fx: Fixtures,
): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(root) ? root : [];
    arr[head] = setAt(arr[head] ?? null, rest, value, s.items ?? {}, route, fx);
    return arr;
  }
  const obj = root instanceof Obj ? root : new Obj();
  const sub = s.properties?.[head!] ?? {};
  const current = obj.get(head!) ?? (rest.length ? sample(sub, head!, route, fx) : null);
  obj.set(head!, setAt(current, rest, value, sub, route, fx));
  return obj;
}

/** Hostile keys and values added where the schema does not look (the defect elsewhere still refuses it). */
function addNoise(body: Json, rng: Rng): Json {
  if (!(body instanceof Obj)) return body;
  const n = rng.int(3);
  for (let i = 0; i < n; i++) {
    const key = rng.pick([
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'admin',
      'role',
      'unitCode',
      'scopeUnits',
      'id',
      '\u202eevil',
      '\u0000',
      '',
      'x'.repeat(1000),
    ]);
    const value = rng.pick<Json>([
      rng.pick(ODD_TEXT),
      rng.pick(FORBIDDEN_TEXT),
      1,
      true,
      null,
      new Obj([['admin', true]]),
      ['district_assessor'],
    ]);
    body.entries.push([key, value]);
  }
  return body;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function json(payload: string, contentType = 'application/json'): Pick<InjectOptions, 'payload' | 'headers'> {
  return { payload, headers: { 'content-type': contentType } };
}

/** A body-level defect of a JSON route (or of a route that takes no body). */
function malformedJson(
  route: WriteRoute,
  rng: Rng,
  fx: Fixtures,
): { body: Pick<InjectOptions, 'payload' | 'headers'>; why: string } {
  const s = route.bodySchema ?? {};
  const base = () => sample(s, 'body', route, fx);
  const kind = rng.pick([
    'field',
    'field',
    'field',
    'field',
    'field',
    'field',
    'missing',
    'top-type',
    'deep',
    'proto',
    'broken-json',
    'content-type',
    'content-length',
    'huge-body',
    'unknown-only',
  ] as const);
  switch (kind) {
    case 'field': {
      const places = slots(s);
      if (!places.length) return malformedJson(route, rng, fx);
      const place = rng.pick(places);
      const v = violation(place.schema, place.path.join('.'), rng, place.required);
      if (!v) return malformedJson(route, rng, fx);
      let body = setAt(base(), place.path, v.value, s, route, fx);
      body = addNoise(body, rng);
      return { body: json(encode(body)), why: v.why };
    }
    case 'missing': {
      const required = (s.required ?? []).filter((k) => s.properties?.[k]?.default === undefined);
      if (!required.length) return malformedJson(route, rng, fx);
      const key = rng.pick(required);
      const b = base();
      const body = addNoise(b instanceof Obj ? b.without(key) : b, rng);
      return { body: json(encode(body)), why: `missing required ${key}` };
    }
    case 'top-type': {
      // null is "no body" to the framework, which a route that takes none accepts
      const nullable = typesOf(s).has('null');
      const v = rng.pick<Json>([
        [],
        [base()],
        'x',
        0,
        true,
        ...(nullable ? [] : [null]),
        new Raw('"\\ud800"'),
        [new Obj([['__proto__', 1]])],
      ]);
      return { body: json(encode(v)), why: 'an array or a scalar where an object is expected' };
    }
    case 'deep': {
      const depth = rng.pick([1000, 10_000, 10_000, 10_000, 50_000]);
      const raw = rng.chance(0.5) ? deepArray(depth) : new Raw(`{"x":${deepArray(depth).text}}`);
      // an object nested in a required field, or the whole body an array
      const required = s.required?.[0];
      if (required && rng.chance(0.5)) {
        const b = base();
        if (b instanceof Obj) {
          b.set(required, deepObject(depth));
          return { body: json(encode(b)), why: `${required}: ${depth} levels of nesting` };
        }
      }
      if (
        raw.text.startsWith('{') &&
        !route.bodySchema?.required?.length &&
        route.bodySchema?.additionalProperties !== false
      )
        return { body: json(deepArray(depth).text), why: `${depth} nested arrays` };
      return { body: json(raw.text), why: `${depth} levels of nesting` };
    }
    case 'proto': {
      const b = base();
      const obj = b instanceof Obj ? b : new Obj();
      const poison = rng.pick<[string, Json]>([
        ['__proto__', new Obj([['admin', true]])],
        ['__proto__', new Obj([['role', 'system_admin']])],
        ['constructor', new Obj([['prototype', new Obj([['admin', true]])]])],
      ]);
      const nested = slots(s).filter((p) => p.schema.properties);
      if (nested.length && rng.chance(0.5))
        setAt(obj, rng.pick(nested).path, new Obj([poison]), s, route, fx);
      else obj.entries.unshift(poison);
      return { body: json(encode(obj)), why: `${poison[0]} key` };
    }
    case 'broken-json': {
      const text = encode(base());
      const candidates = [
        text.slice(0, Math.max(1, Math.floor(text.length / 2))),
        `${text},`,
        `${text}}`,
        text.replace(/"/g, "'"),
        `{"a":NaN}`,
        `{"a":undefined}`,
        `{a:1}`,
        `{"a":1,}`,
        `// comment\n${text}`,
        `{"a":"\\x41"}`,
        `{"a":"\\u12"}`,
        `{"a":"\u0000"}`,
        '\u0000',
        '{',
        '"',
        'nul',
        `${text}${text}`,
      ].filter((c) => !parses(c));
      return { body: json(rng.pick(candidates)), why: 'not JSON' };
    }
    case 'content-type': {
      const text = encode(base());
      const choice = rng.pick([
        ['text/plain', text],
        ['text/plain;charset=utf-8', text],
        ['application/x-www-form-urlencoded', 'version=1&name=x'],
        [
          'application/xml',
          `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`,
        ],
        ['text/html', '<html></html>'],
        ['application/octet-stream', text],
        ['image/png', text],
        ['application/javascript', text],
        ['text/csv', 'a,b\n1,2'],
        ['application/json-patch+json', '[{"op":"replace","path":"/version","value":0}]'],
        ['multipart/form-data', text],
      ] as const);
      if (choice[0] === 'multipart/form-data') {
        const mp = multipartFile('x.json', Buffer.from(text), 'application/json');
        return {
          body: { payload: mp.payload, headers: mp.headers },
          why: 'a form upload where JSON is expected',
        };
      }
      return { body: json(choice[1], choice[0]), why: `content type ${choice[0]}` };
    }
    case 'content-length': {
      // the framework reads exactly what the header says; a body of another length is cut or padded
      const text = encode(base());
      const length = rng.chance(0.5)
        ? Buffer.byteLength(text) + 1 + rng.int(100)
        : Math.max(0, Buffer.byteLength(text) - 1 - rng.int(5));
      return {
        body: {
          payload: text,
          headers: { 'content-type': 'application/json', 'content-length': String(length) },
        },
        why: `Content-Length ${length} for a body of ${Buffer.byteLength(text)} bytes`,
      };
    }
    case 'huge-body': {
      const size = rng.pick([2 * MB + 1, 3 * MB]);
      return { body: json(hugeBody(size)), why: `a body of ${size} bytes` };
    }
    case 'unknown-only': {
      // a body of nothing but keys the route does not know: refused where fields are required or none allowed
      if (!(s.required?.length || s.additionalProperties === false)) return malformedJson(route, rng, fx);
      return {
        body: json(encode(addNoise(new Obj([['unexpected', rng.pick(ODD_TEXT)]]), rng))),
        why: 'only unknown keys',
      };
    }
  }
}

/** An upload-level defect of a form-upload route. */
function malformedUpload(
  route: WriteRoute,
  rng: Rng,
): { body: Pick<InjectOptions, 'payload' | 'headers'>; why: string } {
  const isLedger = route.url === '/api/ledger/import';
  const boundary = `----hostile${rng.int(1e9)}`;
  const part = (
    name: string,
    filename: string | null,
    data: Buffer | string,
    type = 'application/octet-stream',
  ) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename === null ? '' : `; filename="${filename}"`}\r\n${filename === null ? '' : `Content-Type: ${type}\r\n`}\r\n`,
      ),
      Buffer.isBuffer(data) ? data : Buffer.from(data),
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${boundary}--\r\n`);
  const form = (...parts: Buffer[]) => ({
    payload: Buffer.concat([...parts, end]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  const badFile = (): [string, Buffer, string] =>
    isLedger ? rng.pick(LEDGER_FILES) : rng.pick(EVIDENCE_FILES);
  const kind = rng.pick([
    'file',
    'file',
    'file',
    'file',
    'not-multipart',
    'no-boundary',
    'wrong-boundary',
    'truncated',
    'garbage',
    'no-file',
    'empty',
    'many-parts',
    'long-field',
  ] as const);
  switch (kind) {
    case 'file': {
      const [name, data, why] = badFile();
      const filename = rng.chance(0.2)
        ? rng.pick([
            `../../${name}`,
            `${name}\u202egpj.exe`,
            `C:\\temp\\${name}`,
            `${'长'.repeat(300)}${name}`,
            `%00${name}`,
          ])
        : name;
      return { body: form(part('file', filename, data)), why: `${why} (${filename.slice(0, 40)})` };
    }
    case 'not-multipart': {
      const [ct, payload] = rng.pick([
        ['application/json', '{"file":"x"}'],
        ['application/json', '[]'],
        ['text/plain', 'file'],
        ['application/x-www-form-urlencoded', 'file=x'],
        ['application/octet-stream', 'PK\u0003\u0004'],
      ] as const);
      return { body: json(payload, ct), why: `content type ${ct}` };
    }
    case 'no-boundary':
      return {
        body: json(
          `--x\r\n\r\n`,
          rng.pick(['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/mixed']),
        ),
        why: 'a form without a boundary',
      };
    case 'wrong-boundary': {
      const f = form(part('file', 'a.jpg', fakeJpeg(64)));
      return {
        body: { payload: f.payload, headers: { 'content-type': 'multipart/form-data; boundary=other' } },
        why: 'boundary not in the body',
      };
    }
    case 'truncated': {
      const [name, data] = badFile();
      const f = form(part('file', name, data));
      const cut = Math.max(1, rng.int(f.payload.length - 1));
      return {
        body: { payload: f.payload.subarray(0, cut), headers: f.headers },
        why: `form cut at byte ${cut}`,
      };
    }
    case 'garbage':
      return {
        body: {
          payload: Buffer.from(
            rng.pick([
              'garbage',
              '\u0000\u0001\u0002',
              `--${boundary}`,
              `--${boundary}\r\n\r\n`,
              `--${boundary}--`,
            ]),
          ),
          headers: form().headers,
        },
        why: 'form framing broken',
      };
    case 'no-file':
      return {
        body: form(part('note', null, 'x'), part('partial', null, 'true')),
        why: 'a form without a file',
      };
    case 'empty':
      return {
        body: form(part('file', isLedger ? '劳动力.xlsx' : 'a.jpg', Buffer.alloc(0))),
        why: 'an empty file',
      };
    case 'many-parts': {
      const parts = Array.from({ length: 30 }, (_, i) => part(`f${i}`, null, 'x'));
      const [name, data] = badFile();
      return { body: form(...parts, part('file', name, data)), why: '30 fields before the file' };
    }
    case 'long-field': {
      const [name, data] = badFile();
      return {
        body: form(part('note', null, 'x'.repeat(200_000)), part('file', name, data)),
        why: 'a 200 kB field',
      };
    }
  }
}

/** Files an evidence upload must refuse: not a photo or document, or not what its name says. */
const EVIDENCE_FILES: [string, Buffer, string][] = [
  ['a.exe', Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(200)]), 'a Windows program'],
  ['a.jpg', Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(200)]), 'a program named .jpg'],
  ['a.pdf', Buffer.from('<html><script>alert(1)</script></html>'), 'a web page named .pdf'],
  ['a.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'an SVG with script'],
  ['a.html', Buffer.from('<!doctype html><script>alert(1)</script>'), 'a web page'],
  ['a.zip', buildZip([{ name: 'x.txt', data: Buffer.from('x') }]), 'a plain zip'],
  ['a.sh', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'a shell script'],
  ['a.png', Buffer.from('\x89PNX\r\n'), 'a broken PNG signature'],
  ['a', Buffer.from('%PDX-1.4'), 'no extension and no known content'],
];

/** Files the ledger import must refuse before reading a row. */
let LEDGER_FILES: [string, Buffer, string][] = [];
function buildLedgerFiles(): [string, Buffer, string][] {
  const entries = (n: number) => {
    const extra = Array.from({ length: n }, (_, i) => ({
      name: `x/${i}`,
      data: Buffer.alloc(0),
      method: 0 as const,
    }));
    return buildZip(minimalWorkbookEntries(sheetXmlWithRows(1), extra));
  };
  const full = buildZip(minimalWorkbookEntries(sheetXmlWithRows(3)));
  return [
    ['劳动力.xlsx', HOSTILE.notAZip(), 'text named .xlsx'],
    ['劳动力.xlsx', fakePdf(4096), 'a PDF named .xlsx'],
    ['劳动力.xlsx', Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(4096)]), 'a program named .xlsx'],
    ['劳动力.xlsx', HOSTILE.zipBomb(8), 'a zip bomb'],
    ['劳动力.xlsx', HOSTILE.lyingZipBomb(8), 'a zip bomb with lying headers'],
    ['劳动力.xlsx', HOSTILE.macro(), 'a workbook with macros'],
    ['劳动力.xlsm', HOSTILE.macro(), 'a macro-enabled workbook'],
    ['劳动力.xlsx', HOSTILE.xxe(), 'an external entity'],
    ['劳动力.xlsx', HOSTILE.entityExpansion(), 'entity expansion'],
    ['劳动力.xlsx', entries(1500), 'too many zip entries'],
    ['劳动力.xlsx', full.subarray(0, Math.floor(full.length / 2)), 'a workbook cut in half'],
    [
      '劳动力.xlsx',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Buffer.alloc(512)]),
      'an old .xls',
    ],
    ['劳动力.exe', full, 'a workbook named .exe'],
    ['data.bin', full, 'an unknown file type'],
    ['说明.txt', Buffer.from('姓名\n张三\n'), 'a text file'],
  ];
}

function malformedPath(route: WriteRoute, rng: Rng, fx: Fixtures): { url: string; why: string } | null {
  if (!route.pathParams.length) return null;
  const param = rng.pick(route.pathParams);
  const pool =
    param.name === 'code' || param.name === 'unit'
      ? BAD_UNIT_CODES
      : param.name === 'year'
        ? BAD_YEARS
        : BAD_IDS;
  const value = rng.pick(pool);
  return { url: samplePath(route.url, fx, { [param.name]: value }), why: `:${param.name} = ${value}` };
}

function probe(route: WriteRoute, rng: Rng, fx: Fixtures, i: number): Probe {
  let url = samplePath(route.url, fx);
  const reasons: string[] = [];
  const path = rng.chance(0.2) ? malformedPath(route, rng, fx) : null;
  if (path) {
    url = path.url;
    reasons.push(path.why);
  }
  // the body carries a defect unless the path already does (then it is a valid body or a broken one)
  const defectiveBody = !path || rng.chance(0.5);
  let body: Pick<InjectOptions, 'payload' | 'headers'> | null = null;
  if (route.body === 'multipart') {
    const m = malformedUpload(route, rng);
    body = m.body;
    reasons.push(m.why);
  } else if (defectiveBody) {
    const m = malformedJson(route, rng, fx);
    body = m.body;
    reasons.push(m.why);
  } else if (route.bodySchema) {
    body = json(encode(sample(route.bodySchema, 'body', route, fx)));
  }
  const query = route.queryParams.length && rng.chance(0.3) ? badQuery(route, rng) : null;
  if (query) reasons.push(query.why);
  const fullUrl = query ? `${url}?${query.text}` : withQuery(url, rng);
  const headers = { ...noiseHeaders(rng), ...(body?.headers as Record<string, string> | undefined) };
  return {
    label: `#${i} ${route.method} ${fullUrl.slice(0, 200)} — ${reasons.join('; ')}`,
    opts: {
      method: route.method as 'POST',
      url: fullUrl,
      headers,
      ...(body?.payload === undefined ? {} : { payload: body.payload }),
    },
  };
}

/** Percent-encoding that also writes a lone surrogate (as the invalid UTF-8 a hostile client would send). */
function uriEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** An invalid value for one of the route's declared query parameters (never a valid one: wait=false answers 202). */
function badQuery(route: WriteRoute, rng: Rng): { text: string; why: string } {
  const param = rng.pick(route.queryParams);
  const v = violation(param.schema, param.name, rng);
  const value =
    v && typeof v.value === 'string' ? v.value : rng.pick(['maybe', '', '1', 'TRUE', '\u202etrue']);
  const text = rng.chance(0.2)
    ? `${param.name}=true&${param.name}=false`
    : `${encodeURIComponent(param.name)}=${uriEncode(value)}`;
  return { text, why: `query ${text.slice(0, 60)}` };
}

// ——— what a refusal may not contain ———

const LEAKS: [RegExp, string][] = [
  [/\bat .+\.(?:ts|js|mjs|cjs):\d+/, 'a stack frame'],
  [/\.(?:ts|js|mjs|cjs):\d+:\d+/, 'a source position'],
  [/node_modules|\/work\/|\/src\/server\//, 'a server path'],
  [/\bSELECT\b[\s\S]*\bFROM\b|\bINSERT INTO\b|\bUPDATE\b\s+\S+\s+SET\b|\bDELETE FROM\b/i, 'SQL text'],
  [
    /sqlite|SQLITE_|postgres|\bpg\b|syntax error at or near|violates .* constraint|duplicate key|out of range for type|invalid input syntax|relation ".*"/i,
    'database error text',
  ],
  [
    /\b(?:Type|Range|Reference|Syntax|Zod|Fastify|Aggregate|Internal)?Error\b|\bWorkbookRefused\b/,
    'an internal error name',
  ],
  [/\bFST_[A-Z_]+|\bERR_[A-Z_]+|\bE(?:NOENT|ACCES|CONNREFUSED|PIPE)\b/, 'an internal error code'],
  [
    /Unexpected token|Unexpected end of JSON|Maximum call stack|is not a function|Cannot read propert/i,
    'a runtime message',
  ],
];

function leakIn(body: string): string | null {
  for (const [re, what] of LEAKS) {
    const m = re.exec(body);
    if (m) return `${what}: ${JSON.stringify(m[0]).slice(0, 80)}`;
  }
  return null;
}

// ——— every table, counted and hashed ———

function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `"b:${Buffer.from(v).toString('hex')}"`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (typeof v === 'bigint') return JSON.stringify(v.toString());
  if (typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/**
 * Row count and content hash of every table, leaving out only what a refusal itself must write:
 * - `audit_log` rows with result `failed`: a refused sign-in is a security event and is audited (GB/T
 *   22239-2019 §8.1.4.3; auth.service.ts), so a malformed but well-formed login adds one. Every other audit
 *   record still counts, so a refused request that audits anything else fails the test.
 * - `audit_head`: the head of the audit hash chain, which moves with every record appended, those above too.
 * - `idempotency_key` rows holding a 4xx answer: a write sent with an Idempotency-Key that the service refuses
 *   keeps its refusal, so a retry with the same key is answered the same way (idempotency.service.ts); that
 *   row stores an answer, not data. Any other change to the table still counts.
 * Sessions are not left out: the test clock stands still during the run, so no request moves a session's
 * idle clock, and a malformed request may not sign anyone in or out.
 */
async function snapshot(t: TestApp): Promise<Map<string, string>> {
  const db = t.db.db;
  const tables = (await db.introspection.getTables()).map((x) => x.name).sort();
  const out = new Map<string, string>();
  for (const table of tables) {
    if (table === 'audit_head') continue;
    let rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    if (table === 'audit_log') rows = rows.filter((r) => r.result !== 'failed');
    if (table === 'idempotency_key')
      rows = rows.filter((r) => !(Number(r.status) >= 400 && Number(r.status) < 500));
    const lines = rows.map(canonical).sort();
    out.set(
      table,
      `${lines.length} rows ${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`,
    );
  }
  return out;
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .filter((n) => before.get(n) !== after.get(n))
    .map((n) => `${n}: ${before.get(n)} → ${after.get(n)}`);
}

async function withTimeout<T>(p: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms: ${label}`)),
      REQUEST_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn(0…count-1)` with at most `limit` in flight. */
async function pool(count: number, limit: number, fn: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: limit }, async () => {
    while (next < count) await fn(next++);
  });
  await Promise.all(workers);
}

const CJK = /[\u4e00-\u9fff]/;

describe.each(DIALECTS)('hostile input on every write route on %s', (dialect) => {
  let t: TestApp;
  let fx: Fixtures;
  const agents = new Map<string, Agent>();
  let routes: WriteRoute[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    LEDGER_FILES = buildLedgerFiles();
    // the village and town accounts of the fixtures below (ACCOUNT_OF_ROLE names one of each pair)
    const accounts: Record<Role, string> = {
      ...ACCOUNT_OF_ROLE,
      village_staff: 'liucuo',
      town_staff: 'nanpu',
    };
    for (const role of ROLES) agents.set(role, await t.as(accounts[role]));
    // a district account between its password and its second factor, for the route that takes the code
    const pending = t.anonymous();
    const res = await pending.login(ACCOUNT_OF_ROLE.district_assessor, undefined, { completeMfa: false });
    expect(res.json().mfaPending).toBe(true);
    agents.set('mfa-pending', pending);

    const village = agents.get('village_staff')!;
    const town = agents.get('town_staff')!;
    const idNumber = makeIdNumber('350505', '1985-05-05', 123);
    const person = await village.post('/api/persons', {
      unitCode: LIUCUO,
      householdNumber: 'H1',
      name: '陈志明',
      idNumber,
    });
    expect(person.statusCode, person.body).toBe(201);
    const service = await village.post(`/api/persons/${person.json().id}/services`, { type: '走访' });
    expect(service.statusCode, service.body).toBe(201);
    const serviceFile = await village.request({
      method: 'POST',
      url: `/api/services/${service.json().id}/files`,
      ...multipartFile('照片.jpg', fakeJpeg()),
    });
    expect(serviceFile.statusCode, serviceFile.body).toBeLessThan(300);
    const unitRecord = await village.post('/api/unit-records', {
      unitCode: LIUCUO,
      type: '领导小组',
      date: '2026-01-05',
    });
    expect(unitRecord.statusCode, unitRecord.body).toBe(201);
    const activity = await town.post('/api/activities', {
      kind: '宣传动员',
      title: '动员大会',
      date: '2026-03-01',
    });
    expect(activity.statusCode, activity.body).toBe(201);
    const activityFile = await town.request({
      method: 'POST',
      url: `/api/activities/${activity.json().id}/files`,
      ...multipartFile('会议.pdf', fakePdf()),
    });
    expect(activityFile.statusCode, activityFile.body).toBeLessThan(300);
    const vacancy = await village.post('/api/vacancies', {
      unitCode: LIUCUO,
      employer: '泉港石化',
      post: '操作工',
    });
    expect(vacancy.statusCode, vacancy.body).toBe(201);
    const users = (await agents.get('system_admin')!.get('/api/admin/users')).json() as {
      id: number;
      username: string;
      version?: number;
    }[];
    const other = users.find((u) => u.username === 'jinxiang')!;
    const unit = (await village.get(`/api/units/${LIUCUO}`)).json();
    const scorecard = (await village.get(`/api/assessments/${LIUCUO}/${YEAR}/scorecard`)).json();

    fx = {
      person: person.json().id,
      personId: idNumber,
      household: person.json().household.id,
      service: service.json().id,
      serviceFile: serviceFile.json().id ?? serviceFile.json().files?.[0]?.id,
      unitRecord: unitRecord.json().id,
      activity: activity.json().id,
      activityFile: activityFile.json().id ?? activityFile.json().files?.[0]?.id,
      vacancy: vacancy.json().id,
      otherUser: other.id,
      versions: {
        persons: person.json().version,
        households: person.json().household.version ?? 1,
        services: service.json().version,
        'unit-records': unitRecord.json().version,
        activities: activity.json().version,
        vacancies: vacancy.json().version,
        'admin/users': other.version ?? 1,
        'admin/roles': other.version ?? 1,
        'admin/units': unit.version ?? 1,
        assessments: scorecard.version ?? scorecard.workflow?.version ?? 0,
      },
    };
    expect(fx.serviceFile, 'evidence file id').toBeGreaterThan(0);
    expect(fx.activityFile, 'activity file id').toBeGreaterThan(0);

    routes = writeRoutesOf(t.app.swagger() as never, t.app.apiRoutes);
    // Every agent has been seen once since the last sign-in moved the clock: from here on no request
    // legitimately writes a session row.
    for (const agent of agents.values()) await agent.get('/api/auth/me');
  });
  afterAll(() => t.close());

  it('finds every write route of the route table in the OpenAPI document, with its body described', () => {
    expect(routes.length).toBeGreaterThan(0);
    const documented = routes.map((r) => `${r.method} ${r.url}`).sort();
    const registered = t.app.apiRoutes
      .filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(documented).toEqual(registered);
    // a route that takes no body says so (an empty object), and an upload says it is a form
    expect(routes.filter((r) => r.body === 'none').map((r) => r.url)).toEqual([]);
  });

  it(
    'refuses 1,000 malformed requests on each write route: 4xx in Chinese, no leak, no row changed',
    async () => {
      const failures: string[] = [];
      let sent = 0;
      for (const [n, route] of routes.entries()) {
        const agent = agentFor(route);
        const rng = new Rng(SEED + n * 7919);
        const before = await snapshot(t);
        const problems: string[] = [];
        // Each request is made when a worker takes it (in index order, so the seed replays it), not all at once:
        // a thousand bodies of up to 3 MB would otherwise sit in memory together.
        await pool(REQUESTS_PER_ROUTE, IN_FLIGHT, async (i) => {
          const p = probe(route, rng, fx, i);
          let res: LightMyRequestResponse;
          try {
            res = await withTimeout(agent.request(p.opts), p.label);
          } catch (e) {
            problems.push(`${p.label}: ${(e as Error).message}`);
            return;
          }
          sent++;
          const body = res.body;
          if (res.statusCode < 400 || res.statusCode >= 500)
            problems.push(`${p.label} → ${res.statusCode} ${body.slice(0, 200)}`);
          const leak = leakIn(body);
          if (leak) problems.push(`${p.label} → leaks ${leak}: ${body.slice(0, 200)}`);
          let message = '';
          try {
            message = String(JSON.parse(body)?.error?.message ?? '');
          } catch {
            // not JSON: reported below
          }
          if (res.statusCode >= 400 && !CJK.test(message))
            problems.push(`${p.label} → ${res.statusCode} without a Chinese message: ${body.slice(0, 200)}`);
        });
        const after = await snapshot(t);
        const changed = changedTables(before, after);
        if (changed.length) problems.push(`${route.method} ${route.url} changed rows: ${changed.join('; ')}`);
        const me = await agent.get('/api/auth/me');
        if (me.statusCode !== 200)
          problems.push(`${route.method} ${route.url} ended the session of its sender`);
        if (problems.length)
          failures.push(
            `${route.method} ${route.url}: ${problems.length} problems\n  ${problems.slice(0, 8).join('\n  ')}`,
          );
      }
      expect(failures, failures.join('\n')).toEqual([]);
      expect(sent).toBeGreaterThanOrEqual(routes.length * REQUESTS_PER_ROUTE);
    },
    20 * 60_000,
  );

  function agentFor(route: WriteRoute): Agent {
    const a = route.access;
    if ('authenticated' in a && a.during?.length === 1 && a.during[0] === 'mfa-pending')
      return agents.get('mfa-pending')!;
    const role = 'permission' in a ? roleFor(a.permission) : 'village_staff';
    return agents.get(role)!;
  }
});
