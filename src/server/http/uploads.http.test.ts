import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/id-number.ts';
import { createTestApp, type Agent, type TestApp } from '../testing/http.ts';
import { tempDir } from '../testing/ledger-files.ts';
import { multipartFile } from '../testing/multipart.ts';
import { DIALECTS } from '../testing/test-db.ts';
import { uploadAttacks, type UploadAttack, type UploadPlace } from '../testing/upload-attacks.ts';
import type { ProbeManifest, ProbeResult } from '../testing/upload-probe.ts';

/**
 * QUALITY.md "uploads": zip bombs, lying and disagreeing zip headers, macro-enabled and disguised files, XXE
 * and entity expansion, and a zip of 100,000 entries — built here at run time — are refused with a Chinese
 * reason at every place a file comes in (ledger import, evidence files, assessment attachments), nothing is
 * stored, and each refusal takes at most 2 s in a process that never passes 200 MB resident memory. Time
 * and memory are measured in a child process running the same service code, since the RSS of a vitest
 * worker says nothing about one upload.
 */

const LIUCUO = '350505100201';
const PROBE = fileURLToPath(new URL('../testing/upload-probe.ts', import.meta.url));
const MAX_MS = 2000;
const MAX_RSS_MB = 200;

async function rowCount(t: TestApp, table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.db);
  return Number(r.rows[0]!.n);
}

describe.each(DIALECTS)('hostile uploads on %s', (dialect) => {
  let t: TestApp;
  let village: Agent;
  let town: Agent;
  let serviceId: number;
  let unitRecordId: number;
  let activityId: number;
  let attacks: UploadAttack[];
  const dir = tempDir();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    village = await t.as('liucuo');
    town = await t.as('nanpu');
    const person = await village.post('/api/persons', {
      unitCode: LIUCUO,
      householdNumber: 'U1',
      name: '林晓燕',
      idNumber: makeIdNumber('350505', '1990-04-04', 321),
    });
    expect(person.statusCode, person.body).toBe(201);
    serviceId = (await village.post(`/api/persons/${person.json().id}/services`, { type: '走访' })).json().id;
    unitRecordId = (
      await village.post('/api/unit-records', { unitCode: LIUCUO, type: '领导小组', date: '2026-01-05' })
    ).json().id;
    activityId = (
      await town.post('/api/activities', { kind: '业务培训', title: '培训', date: '2026-03-01' })
    ).json().id;
    attacks = uploadAttacks();
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses every attack at every upload route with a Chinese reason, storing nothing', async () => {
    const before = {
      evidence: await rowCount(t, 'evidence_file'),
      upload: await rowCount(t, 'upload'),
      person: await rowCount(t, 'person'),
    };
    const failures: string[] = [];
    const check = (where: string, res: { statusCode: number; body: string }, expected: RegExp) => {
      const message = String(JSON.parse(res.body)?.error?.message ?? '');
      if (res.statusCode < 400 || res.statusCode >= 500 || !expected.test(message))
        failures.push(`${where} → ${res.statusCode} ${res.body.slice(0, 160)} (expected ${expected})`);
    };
    for (const a of attacks) {
      check(
        `ledger import: ${a.name}`,
        await village.request({
          method: 'POST',
          url: '/api/ledger/import',
          ...multipartFile(a.filename, a.bytes),
        }),
        a.expect.ledger,
      );
      for (const [agent, url] of [
        [village, `/api/services/${serviceId}/files`],
        [village, `/api/unit-records/${unitRecordId}/files`],
        [town, `/api/activities/${activityId}/files`],
      ] as const) {
        check(
          `${url}: ${a.name}`,
          await agent.request({ method: 'POST', url, ...multipartFile(a.filename, a.bytes) }),
          a.expect.evidence,
        );
      }
      // assessment attachments travel as base64 inside JSON; one past the body limit is refused by size
      check(
        `implementation plan: ${a.name}`,
        await town.request({
          method: 'POST',
          url: '/api/implementation-plans',
          payload: {
            year: 2026,
            title: '实施方案',
            version: 0,
            attachment: {
              filename: a.filename,
              mime: 'application/octet-stream',
              contentBase64: a.bytes.toString('base64'),
            },
          },
        }),
        a.expect.attachment,
      );
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect({
      evidence: await rowCount(t, 'evidence_file'),
      upload: await rowCount(t, 'upload'),
      person: await rowCount(t, 'person'),
    }).toEqual(before);
  });

  it('refuses each within 2 s in a process that stays under 200 MB', () => {
    const files: ProbeManifest['files'] = [];
    attacks.forEach((a, i) => {
      const file = path.join(dir, `${i}-${a.filename}`);
      fs.writeFileSync(file, a.bytes);
      for (const place of ['ledger', 'evidence', 'attachment'] as UploadPlace[])
        files.push({ name: a.name, place, path: file, filename: a.filename });
    });
    const probe = (manifest: ProbeManifest) => {
      const manifestFile = path.join(dir, 'manifest.json');
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      return spawnSync(process.execPath, ['--import', 'tsx', PROBE, manifestFile], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, NODE_OPTIONS: '' },
      });
    };
    // A first start with nothing to check: on a fresh machine the TypeScript sources are transpiled then (and
    // cached on disk), which takes 20–30 MB that belong to no upload.
    const warm = probe({ db: t.db.url, files: [] });
    expect(warm.status, warm.stderr).toBe(0);
    const run = probe({ db: t.db.url, files });
    expect(run.status, run.stderr).toBe(0);
    const results = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ProbeResult);
    expect(results).toHaveLength(files.length);
    const failures: string[] = [];
    for (const r of results) {
      const attack = attacks.find((a) => a.name === r.name)!;
      const where = `${r.place}: ${r.name}`;
      if (!r.refused) failures.push(`${where}: not refused`);
      else if (!attack.expect[r.place].test(r.message))
        failures.push(`${where}: "${r.message}" (expected ${attack.expect[r.place]})`);
      if (!/[\u4e00-\u9fff]/.test(r.message)) failures.push(`${where}: no Chinese message`);
      if (r.ms > MAX_MS) failures.push(`${where}: took ${r.ms} ms`);
      if (r.peakRssMb > MAX_RSS_MB) failures.push(`${where}: process reached ${r.peakRssMb} MB`);
    }
    expect(failures, `${run.stderr}\n${failures.join('\n')}`).toEqual([]);
  }, 180_000);
});
