import { Inject, Injectable } from '@nestjs/common';
import { CATEGORIES, CATEGORY_LABELS, DomainError, isOneOf } from '@suivi/domain';
import type { Category } from '@suivi/domain';
import { ComplaintQueries } from './complaint.queries';
import type { Open311Filter } from './complaint.queries';

/**
 * A GeoReport v2 service request, with public fields only: no names, contacts, units or free text, and not
 * the reference (half of the tenant's lookup secret) — its id is the complaint's random public id.
 * `updated_datetime` is the time of the last published change (see `PUBLISHED_CHANGE_ACTIONS`): for a
 * closed request, when it was closed, until it is reopened.
 */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: null;
  long: null;
  media_url: null;
}

/** A GeoReport v2 service (one complaint category). */
export interface Open311ServiceItem {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

/** A GeoReport v2 service definition: no category asks extra questions, so `attributes` is empty. */
export interface Open311ServiceDefinition {
  service_code: string;
  attributes: never[];
}

/** The Open311 Service Discovery document (http://wiki.open311.org/Service_Discovery). */
export interface Open311Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: {
    specification: string;
    url: string;
    changeset: string;
    type: 'production';
    formats: string[];
  }[];
}

/**
 * The filters of a requests query, validated at the edge: ids (at most 100), service codes, statuses,
 * filing period (`startDate` inclusive, `endDate` exclusive) and page (from 1) of `pageSize` requests.
 */
export type Open311Query = Open311Filter & {
  /** The language of `service_name` (a Suivi extension; default fr). */
  locale?: 'fr' | 'en';
};

/** The longest filing period a requests query may span, and the default one (the spec's 90 days). */
export const OPEN311_MAX_RANGE_MS = 90 * 86_400_000;
/**
 * When the services list or the discovery document last changed (the discovery `changeset`): clients
 * refresh their cached service list when it moves. Change it with the categories.
 */
export const OPEN311_CHANGESET = '2026-11-30T00:00:00Z';
export const GEOREPORT_V2_SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

/**
 * Open311 GeoReport v2, read side: Suivi's complaint categories as services and complaints as service
 * requests, so civic tools can read response times without any personal data. The address is the town and
 * postcode of the residence, never the building or the home.
 */
@Injectable()
export class Open311Service {
  constructor(@Inject(ComplaintQueries) private readonly queries: ComplaintQueries) {}

  /** Every category as a service, named in `locale` (its description is the name in the other language). */
  services(locale: 'fr' | 'en' = 'fr'): Open311ServiceItem[] {
    return CATEGORIES.map((code) => ({
      service_code: code,
      service_name: CATEGORY_LABELS[code][locale],
      description: CATEGORY_LABELS[code][locale === 'fr' ? 'en' : 'fr'],
      metadata: false,
      type: 'realtime',
      keywords: code.replace(/_/g, ','),
      group: code === 'service' ? 'complaint' : 'repair',
    }));
  }

  /** The definition of one service; null for an unknown code. */
  serviceDefinition(code: string): Open311ServiceDefinition | null {
    return isOneOf<Category>(CATEGORIES, code) ? { service_code: code, attributes: [] } : null;
  }

  /**
   * The discovery document for the GeoReport v2 endpoint at `endpointUrl` (absolute, no trailing slash),
   * which publishes `formats` (MIME types).
   */
  discovery(endpointUrl: string, contact: string, formats: string[]): Open311Discovery {
    return {
      changeset: OPEN311_CHANGESET,
      contact,
      key_service: 'No key is needed: this endpoint is read-only and public (rate limited per address).',
      endpoints: [
        {
          specification: GEOREPORT_V2_SPECIFICATION,
          url: endpointUrl,
          changeset: OPEN311_CHANGESET,
          type: 'production',
          formats,
        },
      ],
    };
  }

  /**
   * The requests matching a query, as the spec reads it: `serviceRequestIds` overrides every other filter
   * (and the paging: all the requests named, at most 100, are answered); otherwise, without a start date,
   * the period is the 90 days before the end date (or now).
   * @throws DomainError(InvalidInput) when start and end dates span more than 90 days.
   */
  async requests(query: Open311Query, now = new Date()): Promise<Open311Request[]> {
    let filter: Open311Filter;
    if (query.serviceRequestIds?.length) {
      const ids = query.serviceRequestIds;
      filter = { serviceRequestIds: ids, page: 1, pageSize: ids.length };
    } else {
      const end = query.endDate;
      const start = query.startDate ?? new Date((end ?? now).getTime() - OPEN311_MAX_RANGE_MS);
      if (end && end.getTime() - start.getTime() > OPEN311_MAX_RANGE_MS) {
        throw DomainError.invalidInput([{ field: 'end_date', message: 'at most 90 days after start_date' }]);
      }
      filter = {
        serviceCodes: query.serviceCodes,
        status: query.status,
        startDate: start,
        endDate: end,
        page: query.page,
        pageSize: query.pageSize,
      };
    }
    const rows = await this.queries.open311Requests(filter);
    return rows.map((r) => ({
      service_request_id: r.public_id,
      status: r.status === 'closed' ? 'closed' : 'open',
      status_notes: r.status,
      service_name: CATEGORY_LABELS[r.category as Category]?.[query.locale ?? 'fr'] ?? r.category,
      service_code: r.category,
      description: null,
      agency_responsible: r.landlord_name,
      service_notice: r.urgency_level ? `urgency: ${r.urgency_level}` : null,
      requested_datetime: r.created_at.toISOString(),
      updated_datetime: r.updated_at.toISOString(),
      expected_datetime: r.next_due_at?.toISOString() ?? null,
      address: r.city,
      address_id: null,
      zipcode: r.postcode,
      lat: null,
      long: null,
      media_url: null,
    }));
  }
}
