import type { ComplaintScope, ScopeMembership } from '@suivi/domain';

// Defined in the domain (libs/access builds them without depending on complaints); re-exported here so
// `@suivi/complaints` keeps offering them.
export type { ComplaintScope, ScopeMembership };

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

/** A list's landlord and agency filters, resolved to ids: agency codes are unique per landlord only. */
export interface ScopeNarrowing {
  landlordId?: string;
  agencyIdsByLandlord?: Map<string, string[]>;
}

/**
 * The scope as one condition per landlord reached, on complaints aliased `c`, pushing their parameters;
 * no condition at all when the scope reaches nothing. Each condition starts with `c.landlord_id = $n` (for
 * staff) so PostgreSQL can walk that landlord's part of the `(landlord_id, …)` indexes in order — an
 * `EXISTS` over the memberships or `= ANY(landlords)` would hide it and scan the whole table. Lists run
 * one branch per landlord and merge them; single lookups OR them (see `scopeCondition`).
 *
 * `narrowing` (a list's landlord and agency filters) is intersected with the reach here, so a filter
 * outside it drops the branch instead of leaving PostgreSQL to scan for rows that cannot match.
 */
export function scopeBranches(
  scope: ComplaintScope,
  params: unknown[],
  narrowing: ScopeNarrowing = {},
): string[] {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const { landlordId: onlyLandlord, agencyIdsByLandlord: agencies } = narrowing;
  switch (scope.kind) {
    case 'landlords': {
      const reach = landlordReach(scope.memberships)
        .filter((r) => onlyLandlord === undefined || r.landlordId === onlyLandlord)
        .map(({ landlordId, agencyIds }) => {
          if (!agencies) return { landlordId, agencyIds };
          const wanted = agencies.get(landlordId) ?? [];
          return { landlordId, agencyIds: agencyIds ? agencyIds.filter((a) => wanted.includes(a)) : wanted };
        })
        .filter((r) => r.agencyIds === null || r.agencyIds.length > 0);
      const contractor =
        scope.contractorId && reach.length ? ` AND c.contractor_id = ${param(scope.contractorId)}` : '';
      return reach.map(
        ({ landlordId, agencyIds }) =>
          `c.landlord_id = ${param(landlordId)}` +
          (agencyIds ? ` AND c.agency_id = ANY(${param(agencyIds)}::uuid[])` : '') +
          contractor,
      );
    }
    case 'partner':
    case 'complaint': {
      const conditions = [
        scope.kind === 'partner'
          ? `c.partner_organisation_id = ${param(scope.partnerOrganisationId)}`
          : `c.id = ${param(scope.complaintId)}`,
      ];
      if (onlyLandlord !== undefined) conditions.push(`c.landlord_id = ${param(onlyLandlord)}`);
      if (agencies) {
        const ids = [...agencies.values()].flat();
        if (ids.length === 0) return [];
        conditions.push(`c.agency_id = ANY(${param(ids)}::uuid[])`);
      }
      return [conditions.join(' AND ')];
    }
  }
}

/** The scope's condition on complaints aliased `c`, pushing its parameters: for lookups of one complaint. */
export function scopeCondition(scope: ComplaintScope, params: unknown[]): string {
  const branches = scopeBranches(scope, params);
  return branches.length ? `(${branches.map((b) => `(${b})`).join(' OR ')})` : 'false';
}
