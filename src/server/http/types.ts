import type { Permission } from '../../domain/access.ts';
import type { Actor, ServiceContext } from '../services/context.ts';

/**
 * What a route needs. Every /api route must declare one (checked when the route is registered), so access
 * is denied unless a route says otherwise.
 */
export type RouteAccess =
  | { public: true }
  | { authenticated: true; beforePasswordChange?: boolean }
  | { permission: Permission };

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
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}
