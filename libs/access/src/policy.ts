import type { StaffRole } from './principal';

/**
 * The access policy, in one place: which roles hold each permission. Routes declare the permission
 * they need (`@Allow`) or that they are public (`@Public`); the guard checks the role here, and the
 * services narrow every query to the caller's landlords, partner organisation or contractor, answering
 * 404 for anything outside it so existence does not leak.
 */
export const PERMISSIONS = {
  'complaint.list': ['agent', 'supervisor', 'landlord_admin'],
  'complaint.read': ['agent', 'supervisor', 'landlord_admin'],
  'complaint.transition': ['agent', 'supervisor', 'contractor', 'partner'],
  'complaint.note': ['agent', 'supervisor', 'contractor', 'partner'],
  'complaint.events': ['agent', 'supervisor', 'landlord_admin'],
  'complaint.verify': ['agent', 'supervisor', 'landlord_admin', 'federation_auditor'],
  /** The front desk's own pages: intake for a tenant, acting on a case from the complaint page. */
  'complaint.handle': ['agent', 'supervisor'],
  'landlord.create': ['platform_admin'],
  'landlord.list': ['agent', 'supervisor', 'landlord_admin', 'federation_auditor', 'platform_admin'],
  'landlord.read': ['agent', 'supervisor', 'landlord_admin', 'federation_auditor', 'platform_admin'],
  'landlord.directory': ['agent', 'supervisor', 'landlord_admin', 'platform_admin'],
  'landlord.manage': ['landlord_admin', 'platform_admin'],
  'partner.complaints': ['partner'],
  /** A contractor account's own work orders (`/contractor`), scoped to its contractor. */
  'workorder.list': ['contractor'],
  'audit.export': ['supervisor', 'landlord_admin', 'federation_auditor'],
  'session.self': [
    'agent',
    'supervisor',
    'landlord_admin',
    'contractor',
    'partner',
    'federation_auditor',
    'platform_admin',
  ],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}
