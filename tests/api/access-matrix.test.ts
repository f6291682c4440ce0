import { ROLES, type Role } from '@pb/shared';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../../server/src/plugins/app/access.js';
import { insertSession } from '../../server/src/modules/auth/auth.repository.js';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { createUser } from '../../server/src/modules/users/users.service.js';
import { createTestApp, useTestApp } from '../helpers/app.js';
import { TEST_PASSWORD, uniqueEmail } from '../helpers/accounts.js';

/**
 * The reviewed access of every API route. A new route must be added here with its roles, or this
 * test fails; the matrix below then checks it against every kind of caller.
 */
const EXPECTED_ACCESS: Record<string, RouteAccess> = {
  'GET /api/health': 'public',
  'GET /api/ready': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/city': 'public',
  'PATCH /api/city': ['staff'],
  'GET /api/city/districts': 'public',
  'POST /api/city/districts': ['staff'],
  'PATCH /api/city/districts/:districtId': ['staff'],
  'DELETE /api/city/districts/:districtId': ['staff'],
  'POST /api/auth/register': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'signed-in',
  'POST /api/auth/logout': 'signed-in',
  'POST /api/auth/password-reset/request': 'public',
  'POST /api/auth/password-reset/confirm': 'public',
  'GET /api/session': 'public',
  'GET /api/me': 'signed-in',
  'PATCH /api/me': 'signed-in',
  'DELETE /api/me': 'signed-in',
  'POST /api/me/password': 'signed-in',
  'POST /api/me/verification/census': 'signed-in',
  'POST /api/me/verification/code': 'signed-in',
  'PUT /api/census': ['staff'],
  'DELETE /api/census': ['staff'],
  'GET /api/verification/summary': ['staff', 'auditor'],
  'POST /api/voting-codes': ['staff'],
  'GET /api/voting-codes': ['staff'],
  'GET /api/admin/users': ['admin'],
  'PATCH /api/admin/users/:userId': ['admin'],
  'GET /api/counter/residents': ['staff'],
  'POST /api/counter/residents/:userId/password-reset': ['staff'],
  'GET /api/outbox': ['staff'],
  'GET /api/audit-log': ['auditor', 'admin'],
  'GET /api/audit-log/verify': ['auditor', 'admin'],
  'GET /api/audit-log/head': 'public',
  'GET /api/cycles': 'public',
  'GET /api/cycles/:cycleId': 'public',
  'POST /api/cycles': ['staff'],
  'POST /api/cycles/import': ['staff', 'admin'],
  'PATCH /api/cycles/:cycleId': ['staff'],
  'POST /api/cycles/:cycleId/phase': ['staff'],
  'POST /api/cycles/:cycleId/phase/confirm': ['staff'],
  'POST /api/cycles/:cycleId/clone': ['staff'],
  'POST /api/cycles/:cycleId/schedule': ['staff'],
  'POST /api/cycles/:cycleId/schedule/:scheduleId/confirm': ['staff'],
  'DELETE /api/cycles/:cycleId/schedule/:scheduleId': ['staff'],
  'GET /api/cycles/:cycleId/proposals': 'public',
  'POST /api/cycles/:cycleId/proposals': ['resident'],
  'GET /api/proposals/:proposalId': 'public',
  'PATCH /api/proposals/:proposalId': ['resident'],
  'POST /api/proposals/:proposalId/review': ['staff'],
  'POST /api/proposals/:proposalId/withdraw': ['staff'],
  'PUT /api/proposals/:proposalId/support': ['resident'],
  'DELETE /api/proposals/:proposalId/support': ['resident'],
  'PUT /api/proposals/:proposalId/follow': 'signed-in',
  'DELETE /api/proposals/:proposalId/follow': 'signed-in',
  'POST /api/proposals/:proposalId/images': ['resident'],
  'GET /api/proposals/:proposalId/images/:imageId': 'public',
  'DELETE /api/proposals/:proposalId/images/:imageId': ['resident', 'moderator'],
  'POST /api/proposals/:proposalId/images/:imageId/hide': ['moderator'],
  'POST /api/proposals/:proposalId/images/:imageId/restore': ['moderator'],
  'GET /api/me/notifications': 'signed-in',
  'POST /api/me/notifications/read': 'signed-in',
  'GET /api/proposals/:proposalId/comments': 'public',
  'POST /api/proposals/:proposalId/comments': ['resident'],
  'PATCH /api/comments/:commentId': ['resident'],
  'DELETE /api/comments/:commentId': ['resident'],
  'POST /api/proposals/:proposalId/flags': ['resident'],
  'POST /api/comments/:commentId/flags': ['resident'],
  'GET /api/moderation/queue': ['moderator'],
  'POST /api/moderation/:kind/:id/:action': ['moderator'],
  'GET /api/cycles/:cycleId/voting-status': ['resident'],
  'GET /api/cycles/:cycleId/districts/:districtId/ballot': 'public',
  'POST /api/cycles/:cycleId/ballots': ['resident'],
  'POST /api/cycles/:cycleId/ballots/replace': ['resident'],
  'POST /api/cycles/:cycleId/receipts/lookup': 'public',
  'POST /api/cycles/:cycleId/voters/lookup': ['staff'],
  'POST /api/cycles/:cycleId/assisted/ballots': ['staff'],
  'POST /api/cycles/:cycleId/paper-ballots/issued': ['staff'],
  'POST /api/cycles/:cycleId/paper-ballots/issued/upload': ['staff'],
  'POST /api/cycles/:cycleId/paper-sheets': ['staff'],
  'POST /api/cycles/:cycleId/paper-sheets/upload': ['staff'],
  'GET /api/cycles/:cycleId/paper-entry': ['staff'],
  'POST /api/cycles/:cycleId/paper-entry/close': ['staff'],
  'GET /api/cycles/:cycleId/results': 'public',
  'GET /api/cycles/:cycleId/results/audit-anchor': 'public',
  'GET /api/cycles/:cycleId/reconciliation': 'public',
  'POST /api/cycles/:cycleId/results/recount': ['staff', 'auditor'],
  'GET /api/cycles/:cycleId/results/recount': ['staff', 'auditor'],
  'GET /api/cycles/:cycleId/bulletin': 'public',
  'GET /api/cycles/:cycleId/exports/manifest.json': 'public',
  'GET /api/cycles/:cycleId/exports/:districtId.pb': 'public',
  'GET /api/cycles/:cycleId/statistics': 'public',
  'GET /api/cycles/:cycleId/exports/projects.csv': 'public',
  'GET /api/cycles/:cycleId/exports/ballots.csv': 'public',
  'GET /api/cycles/:cycleId/exports/statistics.csv': 'public',
  'GET /api/cycles/:cycleId/exports/results.json': 'public',
  'GET /api/cycles/:cycleId/progress': 'public',
  'PUT /api/cycles/:cycleId/progress/:proposalId': ['staff', 'admin'],
  'POST /api/cycles/:cycleId/progress/:proposalId/milestones': ['staff', 'admin'],
  'DELETE /api/cycles/:cycleId/progress/:proposalId/milestones/:milestoneId': ['staff', 'admin'],
};

type Caller = 'anonymous' | 'disabled' | Role;
const CALLERS: readonly Caller[] = ['anonymous', ...ROLES, 'disabled'];

function expectedOutcome(access: RouteAccess, caller: Caller): 'allowed' | 401 | 403 {
  if (access === 'public') return 'allowed';
  if (caller === 'anonymous' || caller === 'disabled') return 401;
  if (access === 'signed-in') return 'allowed';
  return access.includes(caller) ? 'allowed' : 403;
}

function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000001');
}

describe('the allow/deny matrix of every API route', () => {
  const current = useTestApp();
  const userIds = new Map<Caller, string>();

  beforeAll(async () => {
    const { app } = current();
    for (const caller of CALLERS) {
      if (caller === 'anonymous') continue;
      const roles = caller === 'disabled' ? [...ROLES] : [caller];
      const user = await createUser(app.db, {
        email: uniqueEmail(caller),
        password: TEST_PASSWORD,
        displayName: caller,
        roles,
      });
      if (caller === 'disabled') await updateUser(app.db, user.id, { disabledAt: new Date() });
      userIds.set(caller, user.id);
    }
  });

  /** A fresh session per request, so routes like logout do not spoil the next case. */
  async function tokenFor(caller: Caller): Promise<string | undefined> {
    const userId = userIds.get(caller);
    if (userId === undefined) return undefined;
    const { app } = current();
    const session = await insertSession(app.db, userId, 60_000);
    return app.jwt.sign({ sub: userId, sid: session.id });
  }

  it('declares the reviewed access for every route, and no route is missing from the review', () => {
    const declared = Object.fromEntries(
      current()
        .app.accessTable.filter((route) => !route.url.startsWith('/api/docs'))
        .map((route) => [`${route.method} ${route.url}`, route.access]),
    );
    expect(declared).toEqual(EXPECTED_ACCESS);
  });

  it('answers every route × caller with the expected status', async () => {
    const { app } = current();
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of app.accessTable) {
      if (route.url.startsWith('/api/docs')) continue;
      for (const caller of CALLERS) {
        const token = await tokenFor(caller);
        let pending = request(app.server)[route.method.toLowerCase() as 'get'](concreteUrl(route.url));
        if (token !== undefined) pending = pending.set('authorization', `Bearer ${token}`);
        if (!['GET', 'DELETE'].includes(route.method)) pending = pending.send({});
        const response = await pending;
        const expected = expectedOutcome(route.access, caller);
        const actual = response.status === 401 || response.status === 403 ? response.status : 'allowed';
        checked += 1;
        if (response.status >= 500)
          mismatches.push(`${route.method} ${route.url} as ${caller}: ${String(response.status)}`);
        else if (actual !== expected) {
          mismatches.push(
            `${route.method} ${route.url} as ${caller}: expected ${String(expected)}, got ${String(response.status)}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(
      (app.accessTable.length - app.accessTable.filter((r) => r.url.startsWith('/api/docs')).length) * CALLERS.length,
    );
  });

  it('refuses to start when a route declares no access', async () => {
    const fresh = await createTestApp();
    try {
      expect(() => fresh.app.get('/api/undeclared', async () => ({}))).toThrow(/declares no access/);
    } finally {
      await fresh.close();
    }
  });
});
