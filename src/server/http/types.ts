import type { Permission } from '../../domain/access.ts';
import type { Actor, ServiceContext } from '../services/context.ts';

/**
 * What a route needs. Every /api route must declare one (checked when the route is registered), so access
 * is denied unless a route says otherwise.
 */
/**
 * A signed-in session passes through stages before it may do anything: a forced password change, enrolling
 * a second factor (roles that require one), or entering the code after the password. A route open to a
 * session in such a stage lists it in `during`.
 */
export type SessionStage = 'password-change' | 'mfa-enrolment' | 'mfa-pending';

export type RouteAccess =
  { public: true } | { authenticated: true; during?: readonly SessionStage[] } | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    ctx: ServiceContext;
    sessionToken: string | null;
    csrfToken: string | null;
    mustChangePassword: boolean;
    session: import('../services/auth.service.ts').ActiveSession | null;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * The serializer of a route whose answer the service builds field by field from typed rows (the league, a
 * ledger page): the zod schema documents the answer and the data is written as it is, without re-validating
 * every row against it on each request.
 */
export const writeAsBuilt = () => (data: unknown) => JSON.stringify(data);
