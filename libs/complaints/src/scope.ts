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

/** A landlord a caller reaches: all of it (`agencyIds` null), or only these agencies of it. */
export interface LandlordReach {
  landlordId: string;
  agencyIds: string[] | null;
}

/** The memberships folded per landlord: a whole-landlord membership outweighs agency ones. */
export function landlordReach(memberships: ScopeMembership[]): LandlordReach[] {
  const byLandlord = new Map<string, string[] | null>();
  for (const { landlordId, agencyId } of memberships) {
    const known = byLandlord.get(landlordId);
    if (agencyId === null || known === null) byLandlord.set(landlordId, null);
    else if (!known?.includes(agencyId)) byLandlord.set(landlordId, [...(known ?? []), agencyId]);
  }
  return [...byLandlord].map(([landlordId, agencyIds]) => ({ landlordId, agencyIds }));
}

/**
 * The scope as one condition per landlord reached, on complaints aliased `c`, pushing their parameters;
 * no condition at all when the scope reaches nothing. Each condition starts with `c.landlord_id = $n` (for
 * staff) so PostgreSQL can walk that landlord's part of the `(landlord_id, …)` indexes in order — an
 * `EXISTS` over the memberships or `= ANY(landlords)` would hide it and scan the whole table. Lists run
 * one branch per landlord and merge them; single lookups OR them (see `scopeCondition`).
 *
 * `onlyLandlordId` (a list's landlord filter, already resolved to its id) keeps that landlord's branch.
 */
export function scopeBranches(scope: ComplaintScope, params: unknown[], onlyLandlordId?: string): string[] {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  switch (scope.kind) {
    case 'landlords': {
      const reach = landlordReach(scope.memberships).filter(
        (r) => onlyLandlordId === undefined || r.landlordId === onlyLandlordId,
      );
      const contractor =
        scope.contractorId && reach.length ? ` AND c.contractor_id = ${param(scope.contractorId)}` : '';
      return reach.map(
        ({ landlordId, agencyIds }) =>
          `c.landlord_id = ${param(landlordId)}` +
          (agencyIds ? ` AND c.agency_id = ANY(${param(agencyIds)}::uuid[])` : '') +
          contractor,
      );
    }
    case 'partner': {
      const landlord = onlyLandlordId === undefined ? '' : ` AND c.landlord_id = ${param(onlyLandlordId)}`;
      return [`c.partner_organisation_id = ${param(scope.partnerOrganisationId)}${landlord}`];
    }
    case 'complaint': {
      const landlord = onlyLandlordId === undefined ? '' : ` AND c.landlord_id = ${param(onlyLandlordId)}`;
      return [`c.id = ${param(scope.complaintId)}${landlord}`];
    }
  }
}

/** The scope's condition on complaints aliased `c`, pushing its parameters: for lookups of one complaint. */
export function scopeCondition(scope: ComplaintScope, params: unknown[]): string {
  const branches = scopeBranches(scope, params);
  return branches.length ? `(${branches.map((b) => `(${b})`).join(' OR ')})` : 'false';
}
