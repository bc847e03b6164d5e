import { Inject, Injectable } from '@nestjs/common';
import { CATEGORIES, CATEGORY_LABELS } from '@suivi/domain';
import { ComplaintQueries } from './complaint.queries';
import type { Open311Filter } from './complaint.queries';

/**
 * A GeoReport v2 service request, with public fields only: no names, contacts, units or free text, and not
 * the reference (half of the tenant's lookup secret) — its id is the complaint's random public id.
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

/** The filters of a requests query: ids, service codes, open/closed, filing period, page. */
export type Open311Query = Open311Filter;

/**
 * Open311 GeoReport v2, read side: Suivi's complaint categories as services and complaints as service
 * requests, so civic tools can read response times without any personal data. The address is the town and
 * postcode of the residence, never the building or the home.
 */
@Injectable()
export class Open311Service {
  constructor(@Inject(ComplaintQueries) private readonly queries: ComplaintQueries) {}

  services(locale: 'fr' | 'en' = 'fr') {
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

  async requests(query: Open311Query): Promise<Open311Request[]> {
    const rows = await this.queries.open311Requests(query);
    return rows.map((r) => ({
      service_request_id: r.public_id,
      status: r.status === 'closed' ? 'closed' : 'open',
      status_notes: r.status,
      service_name: CATEGORY_LABELS[r.category as keyof typeof CATEGORY_LABELS]?.fr ?? r.category,
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
