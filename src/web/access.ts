import type { MeResponse } from '../api/auth.ts';
import { can, type Permission } from '../domain/access.ts';

/** What a route requires: a permission, any signed-in account, or nothing. */
export type Access = Permission | 'signed-in' | 'public';

/** The part of a route the access rules read. */
export interface Guarded {
  path: string;
  access: Access;
  hideInMenu?: boolean;
  beforePasswordChange?: boolean;
  /** reachable while the account still has to enrol a second factor */
  duringMfaEnrolment?: boolean;
}

export type CurrentUser =
  | (Pick<MeResponse, 'user' | 'mustChangePassword'> &
      Partial<Pick<MeResponse, 'mfaPending' | 'mfaEnrolmentRequired'>>)
  | null;

/**
 * Whether the current user may open a route (cf. ant-design-pro `src/access.ts`). Pure: the menu, the router
 * guard and the tests all call it. The server enforces the same permissions on every API call; this only
 * decides what to show.
 */
export function canAccess(me: CurrentUser, route: Guarded): boolean {
  if (route.access === 'public') return true;
  // Between the password and the code, the session is not yet signed in.
  if (!me || me.mfaPending) return false;
  // Until the initial password is changed, nothing but the password page opens (the server agrees: 403).
  if (me.mustChangePassword && !route.beforePasswordChange) return false;
  // Then roles that need a second factor enrol it before anything else (the server agrees: 403).
  if (!me.mustChangePassword && me.mfaEnrolmentRequired && !route.duringMfaEnrolment) return false;
  if (route.access === 'signed-in') return true;
  return can(me.user.role, route.access);
}

/** The routes listed in the menu for this user, in table order. */
export function menuRoutes<R extends Guarded>(me: CurrentUser, table: readonly R[]): R[] {
  return table.filter((r) => !r.hideInMenu && r.access !== 'public' && canAccess(me, r));
}

/** Where to send a user who just signed in, or who opened a page they may not see. */
export function landingPath(me: CurrentUser): string {
  if (!me || me.mfaPending) return '/login';
  if (me.mustChangePassword) return '/password';
  return me.mfaEnrolmentRequired ? '/mfa' : '/';
}

/** What blocks a route for this user: null if nothing, else the page to go to or 'forbidden'. */
export function routeBlock(
  me: CurrentUser,
  route: Guarded,
): null | '/login' | '/password' | '/mfa' | 'forbidden' {
  if (canAccess(me, route)) return null;
  if (!me || me.mfaPending) return '/login';
  if (me.mustChangePassword) return '/password';
  if (me.mfaEnrolmentRequired) return '/mfa';
  return 'forbidden';
}
