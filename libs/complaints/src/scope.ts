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

/** Appends the scope's condition on complaints aliased `c`, pushing its parameters. */
export function scopeCondition(scope: ComplaintScope, params: unknown[]): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  switch (scope.kind) {
    case 'landlords': {
      const landlords = param(scope.memberships.map((m) => m.landlordId));
      const agencies = param(scope.memberships.map((m) => m.agencyId));
      const contractor = scope.contractorId ? ` AND c.contractor_id = ${param(scope.contractorId)}` : '';
      return `EXISTS (SELECT 1 FROM unnest(${landlords}::uuid[], ${agencies}::uuid[]) AS m(landlord_id, agency_id)
                      WHERE m.landlord_id = c.landlord_id AND (m.agency_id IS NULL OR m.agency_id = c.agency_id))${contractor}`;
    }
    case 'partner':
      return `c.partner_organisation_id = ${param(scope.partnerOrganisationId)}`;
    case 'complaint':
      return `c.id = ${param(scope.complaintId)}`;
  }
}
