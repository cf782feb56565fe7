import { describe, expect, it } from 'vitest';
import { ADMIN_ROLES, ROLES, can, permissionsOf, scopeLevelOf, requiredUnitKinds } from './access.ts';

describe('can', () => {
  it('gives no administrator any access to residents', () => {
    for (const role of ADMIN_ROLES) {
      expect(permissionsOf(role).filter((p) => p.startsWith('resident:'))).toEqual([]);
    }
  });

  it('keeps the three administrator duties apart', () => {
    expect(can('system_admin', 'account:manage')).toBe(true);
    expect(can('system_admin', 'role:assign')).toBe(false);
    expect(can('system_admin', 'audit:read')).toBe(false);
    expect(can('security_admin', 'role:assign')).toBe(true);
    expect(can('security_admin', 'account:manage')).toBe(false);
    expect(can('audit_admin', 'audit:read')).toBe(true);
    expect(permissionsOf('audit_admin')).toEqual(['audit:read']);
  });

  it('lets only the approver approve an award and only the assessor propose one', () => {
    const approvers = ROLES.filter((r) => can(r, 'award:approve'));
    const proposers = ROLES.filter((r) => can(r, 'award:propose'));
    expect(approvers).toEqual(['district_approver']);
    expect(proposers).toEqual(['district_assessor']);
  });

  it('gives an account without a role nothing', () => {
    expect(can(null, 'unit:read')).toBe(false);
    expect(permissionsOf(null)).toEqual([]);
  });
});

describe('scopeLevelOf', () => {
  it('limits village staff to their unit and town staff to their town', () => {
    expect(scopeLevelOf('village_staff')).toBe('unit');
    expect(scopeLevelOf('town_staff')).toBe('town');
    expect(scopeLevelOf('district_assessor')).toBe('district');
    expect(scopeLevelOf('audit_admin')).toBe('none');
    expect(scopeLevelOf(null)).toBe('none');
  });

  it('requires village staff to belong to a village-level unit and town staff to a town', () => {
    expect(requiredUnitKinds('village_staff')).toContain('community');
    expect(requiredUnitKinds('town_staff')).toEqual(['town']);
    expect(requiredUnitKinds('district_assessor')).toBeNull();
  });
});
