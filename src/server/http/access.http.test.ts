import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Role } from '../../domain/access.ts';
import { ACCOUNT_OF_ROLE, createTestApp, type Agent, type TestApp } from '../testing/http.ts';
import { DIALECTS } from '../testing/test-db.ts';
import type { RegisteredRoute } from './types.ts';

/** Sample values for path parameters: a unit and a record inside the village account's own scope. */
function concreteUrl(url: string): string {
  return url
    .replace(':code', '350505100201')
    .replace(':id', '1')
    .replace(':ledger', 'labour')
    .replace(':unit', '350505100201')
    .replace(':year', '2016')
    .replace('*', 'index.html');
}

function expectedToPass(route: RegisteredRoute, role: Role): boolean {
  const access = route.access;
  if ('public' in access || 'authenticated' in access) return true;
  return can(role, access.permission);
}

/** The reviewed access of every route. Adding a route means adding it here. */
const EXPECTED_ACCESS: Record<string, string> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'signed-in, also during mfa-pending + password-change + mfa-enrolment',
  'GET /api/auth/me': 'signed-in, also during mfa-pending + password-change + mfa-enrolment',
  'POST /api/auth/password': 'signed-in, also during password-change + mfa-enrolment',
  'POST /api/auth/mfa/verify': 'signed-in, also during mfa-pending',
  'POST /api/auth/mfa/setup': 'signed-in, also during mfa-enrolment',
  'POST /api/auth/mfa/enable': 'signed-in, also during mfa-enrolment',
  'GET /api/docs': 'signed-in',
  'GET /api/docs/json': 'signed-in',
  'GET /api/docs/yaml': 'signed-in',
  'GET /api/docs/static/*': 'signed-in',
  'GET /api/docs/static/index.html': 'signed-in',
  'GET /api/docs/static/swagger-initializer.js': 'signed-in',
  'GET /api/units': 'unit:read',
  'GET /api/units/:code': 'unit:read',
  'POST /api/admin/units/load': 'unit:manage',
  'POST /api/admin/units/:code/rename': 'unit:manage',
  'POST /api/admin/units/:code/merge': 'unit:manage',
  'GET /api/admin/users': 'account:manage',
  'POST /api/admin/users': 'account:manage',
  'POST /api/admin/users/:id/disabled': 'account:manage',
  'POST /api/admin/users/:id/password': 'account:manage',
  'GET /api/admin/roles': 'role:assign',
  'POST /api/admin/roles/:id': 'role:assign',
  'GET /api/audit': 'audit:read',
  'GET /api/audit/verify': 'audit:read',
  'GET /api/profiles': 'assessment:read',
  'GET /api/assessments': 'assessment:read',
  'GET /api/assessments/summary.xlsx': 'assessment:read',
  'GET /api/assessments/:unit/:year/scorecard': 'assessment:read',
  'GET /api/assessments/:unit/:year/table.xlsx': 'assessment:read',
  'GET /api/assessments/:unit/:year/report-file': 'assessment:read',
  'GET /api/assessments/:unit/:year/history': 'assessment:read',
  'POST /api/assessments/:unit/:year/self-assess': 'assessment:self',
  'POST /api/assessments/:unit/:year/return': 'assessment:review',
  'POST /api/assessments/:unit/:year/forward': 'assessment:review',
  'POST /api/assessments/:unit/:year/accept': 'assessment:accept',
  'POST /api/assessments/:unit/:year/reject': 'assessment:accept',
  'POST /api/assessments/:unit/:year/award/propose': 'award:propose',
  'POST /api/assessments/:unit/:year/award/approve': 'award:approve',
  'GET /api/dashboard/overview': 'assessment:read',
  'GET /api/dashboard/league': 'assessment:read',
  'GET /api/dashboard/readiness': 'assessment:read',
  'GET /api/dashboard/trends': 'assessment:read',
  'GET /api/dashboard/report': 'assessment:read',
  'GET /api/dashboard/report.xlsx': 'assessment:read',
  'POST /api/dashboard/refresh': 'assessment:read',
  'GET /api/implementation-plans': 'assessment:read',
  'POST /api/implementation-plans': 'assessment:review',
  'GET /api/implementation-plans/:id/file': 'assessment:read',
  'GET /api/ledgers/:ledger': 'resident:read',
  'POST /api/persons': 'resident:write',
  'GET /api/persons/:id': 'resident:read',
  'POST /api/persons/:id': 'resident:write',
  'POST /api/persons/:id/reveal': 'resident:reveal',
  'POST /api/persons/:id/employment': 'resident:write',
  'POST /api/persons/:id/employment/end': 'resident:write',
  'POST /api/persons/:id/registrations': 'resident:write',
  'POST /api/persons/:id/registrations/close': 'resident:write',
  'POST /api/persons/:id/difficulty': 'resident:write',
  'POST /api/persons/:id/difficulty/exit': 'resident:write',
  'POST /api/persons/transfer-in': 'resident:write',
  'GET /api/households/:id': 'resident:read',
  'POST /api/households/:id/zero-employment': 'resident:write',
  'GET /api/findings': 'resident:read',
  'POST /api/ledger/import': 'resident:write',
  'GET /api/ledger/import/:id': 'resident:write',
  'GET /api/ledger/import/:id/errors.xlsx': 'resident:write',
  'GET /api/ledger/export': 'resident:export',
  'GET /api/ledger/template': 'resident:read',
  'GET /api/persons/search': 'resident:read',
  'GET /api/persons/:id/services': 'resident:read',
  'POST /api/persons/:id/services': 'resident:write',
  'GET /api/services/:id': 'resident:read',
  'POST /api/services/:id': 'resident:write',
  'POST /api/services/:id/delete': 'resident:write',
  'POST /api/services/:id/fulfil': 'resident:write',
  'POST /api/services/:id/accept': 'resident:write',
  'POST /api/services/:id/files': 'resident:write',
  'GET /api/files/:id': 'resident:read',
  'POST /api/files/:id/delete': 'resident:write',
  'GET /api/work-queues': 'resident:read',
  'GET /api/service-ledgers.xlsx': 'resident:export',
  'GET /api/unit-records': 'resident:read',
  'POST /api/unit-records': 'resident:write',
  'GET /api/unit-records/:id': 'resident:read',
  'POST /api/unit-records/:id': 'resident:write',
  'POST /api/unit-records/:id/delete': 'resident:write',
  'POST /api/unit-records/:id/files': 'resident:write',
  'GET /api/activities': 'assessment:read',
  'POST /api/activities': 'activity:write',
  'GET /api/activities/:id': 'assessment:read',
  'POST /api/activities/:id': 'activity:write',
  'POST /api/activities/:id/delete': 'activity:write',
  'POST /api/activities/:id/files': 'activity:write',
  'POST /api/activities/:id/files/delete': 'activity:write',
  'GET /api/vacancies': 'resident:read',
  'POST /api/vacancies': 'resident:write',
  'GET /api/vacancies/:id': 'resident:read',
  'POST /api/vacancies/:id': 'resident:write',
  'POST /api/vacancies/:id/delete': 'resident:write',
  'GET /api/vacancies/:id/matches': 'resident:read',
  'POST /api/vacancies/:id/recommend': 'resident:write',
  'GET /api/persons/:id/vacancy-matches': 'resident:read',
  'GET /api/board': 'resident:read',
  'GET /api/board.xlsx': 'resident:read',
};

function describeAccess(r: RegisteredRoute): string {
  if ('public' in r.access) return 'public';
  if ('authenticated' in r.access)
    return r.access.during?.length ? `signed-in, also during ${r.access.during.join(' + ')}` : 'signed-in';
  return r.access.permission;
}

describe.each(DIALECTS)('route access on %s', (dialect) => {
  let t: TestApp;
  const agents = new Map<Role, Agent>();
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const role of ROLES) agents.set(role, await t.as(ACCOUNT_OF_ROLE[role]));
  });
  afterAll(() => t.close());

  it('declares on every API route the access written down here, so a new route cannot slip past review', () => {
    const declared = Object.fromEntries(
      t.app.apiRoutes.map((r) => [`${r.method} ${r.url}`, describeAccess(r)]),
    );
    expect(declared).toEqual(EXPECTED_ACCESS);
  });

  it('refuses every non-public route to an anonymous caller', async () => {
    for (const route of t.app.apiRoutes) {
      if ('public' in route.access) continue;
      const res = await t.anonymous().request({
        method: route.method as 'GET',
        url: concreteUrl(route.url),
        payload: route.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('allows and denies each route for each role exactly as the permission table says', async () => {
    // Sign-out last, so it does not end the session the other checks use.
    const routes = [...t.app.apiRoutes].sort(
      (a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'),
    );
    for (const role of ROLES) {
      const agent = agents.get(role)!;
      for (const route of routes) {
        if ('public' in route.access) continue;
        const res = await agent.request({
          method: route.method as 'GET',
          url: concreteUrl(route.url),
          payload: route.method === 'GET' ? undefined : {},
        });
        const where = `${role} ${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 120)}`;
        if (expectedToPass(route, role)) {
          expect([401, 403], where).not.toContain(res.statusCode);
        } else {
          expect(res.statusCode, where).toBe(403);
          expect(res.json().error.code, where).toBe('FORBIDDEN');
        }
        expect(res.statusCode, where).toBeLessThan(500);
      }
    }
  });
});

describe.each(DIALECTS)('unit scope on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('shows village staff their own unit only, and hides the others as not found', async () => {
    const village = await t.as('liucuo');
    const list = (await village.get('/api/units')).json();
    expect(list.map((u: { code: string }) => u.code)).toEqual(['350505100201']);
    expect((await village.get('/api/units/350505100201')).statusCode).toBe(200);
    const other = await village.get('/api/units/350505100202');
    expect(other.statusCode).toBe(404);
  });

  it('shows town staff their town and its villages, and no other town', async () => {
    const town = await t.as('nanpu');
    const list: { code: string; parentCode: string | null }[] = (await town.get('/api/units')).json();
    expect(list[0]!.code).toBe('350505100000');
    expect(list.length).toBeGreaterThan(5);
    expect(list.every((u) => u.code === '350505100000' || u.parentCode === '350505100000')).toBe(true);
    expect((await town.get('/api/units/350505001001')).statusCode).toBe(404);
    expect((await town.get('/api/units?parentCode=350505001000')).json()).toEqual([]);
  });

  it('shows district staff every unit', async () => {
    const district = await t.as('kaohe');
    expect((await district.get('/api/units')).json()).toHaveLength(114);
  });
});
