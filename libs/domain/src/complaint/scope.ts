/**
 * Who may see which complaints, as plain data. Defined here (not in libs/complaints) so that libs/access,
 * which builds a scope from a signed-in principal, does not depend on the complaints library.
 */

/** A membership of a staff user: a landlord, optionally narrowed to one of its agencies. */
export interface ScopeMembership {
  landlordId: string;
  agencyId: string | null;
}

/**
 * Which complaints a caller may see or act on. Every complaint query is narrowed by one of these, and
 * a complaint outside it answers 404, exactly like one that does not exist.
 */
export type ComplaintScope =
  | { kind: 'landlords'; memberships: ScopeMembership[]; contractorId?: string }
  | { kind: 'partner'; partnerOrganisationId: string }
  /** A tracking or work-order link: that one complaint. */
  | { kind: 'complaint'; complaintId: string };
