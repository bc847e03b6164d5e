import type { Actor, ComplaintScope, Role } from '@suivi/domain';

export const STAFF_ROLES = [
  'agent',
  'supervisor',
  'landlord_admin',
  'contractor',
  'partner',
  'federation_auditor',
  'platform_admin',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A landlord the user belongs to; `agencyId` null for the whole landlord, else only that agency. */
export type { ScopeMembership as Membership } from '@suivi/domain';
import type { ScopeMembership as Membership } from '@suivi/domain';

/** Who is calling, once authenticated. Tenants and contractors with a link are not principals. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  role: StaffRole;
  memberships: Membership[];
  partnerOrganisationId: string | null;
  contractorId: string | null;
  sessionId: string;
  /** How the session was presented: cookies need a CSRF token on form posts. */
  via: 'bearer' | 'cookie';
  csrfToken: string;
  /**
   * What the session still lacks: `code` (the two-factor code after the password) or `enrol` (two-factor
   * enrolment the deployment requires of administrators). Such a session opens only the routes of that
   * step (`@SecondFactorStep()`); absent or null: nothing is missing.
   */
  secondFactor?: 'code' | 'enrol' | null;
}

export type Principal = { kind: 'anonymous' } | UserPrincipal;

export const ANONYMOUS: Principal = { kind: 'anonymous' };

export function actorOf(principal: UserPrincipal): Actor {
  return { role: principal.role as Role, id: principal.userId };
}

export function complaintScopeOf(principal: UserPrincipal): ComplaintScope {
  if (principal.role === 'partner') {
    return {
      kind: 'partner',
      partnerOrganisationId: principal.partnerOrganisationId ?? '00000000-0000-0000-0000-000000000000',
    };
  }
  if (principal.role === 'contractor') {
    return {
      kind: 'landlords',
      memberships: principal.memberships,
      contractorId: principal.contractorId ?? '00000000-0000-0000-0000-000000000000',
    };
  }
  return { kind: 'landlords', memberships: principal.memberships };
}

/** Landlords a principal may see in the organisation endpoints; `all` for platform admins. */
export function landlordScopeOf(principal: UserPrincipal): 'all' | string[] {
  return principal.role === 'platform_admin' ? 'all' : principal.memberships.map((m) => m.landlordId);
}
