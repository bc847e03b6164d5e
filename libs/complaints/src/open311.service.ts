import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CATEGORIES, CATEGORY_LABELS } from '@suivi/domain';

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

export interface Open311Query {
  serviceRequestIds?: string[];
  serviceCodes?: string[];
  status?: ('open' | 'closed')[];
  startDate?: Date;
  endDate?: Date;
  page: number;
  pageSize: number;
}

interface Row {
  public_id: string;
  status: string;
  category: string;
  urgency_level: string | null;
  landlord_name: string;
  created_at: Date;
  updated_at: Date;
  next_due_at: Date | null;
  city: string | null;
  postcode: string | null;
}

/**
 * Open311 GeoReport v2, read side: Suivi's complaint categories as services and complaints as service
 * requests, so civic tools can read response times without any personal data. The address is the town and
 * postcode of the residence, never the building or the home.
 */
@Injectable()
export class Open311Service {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.serviceRequestIds) {
      add(
        'c.public_id = ANY(?::uuid[])',
        query.serviceRequestIds.map((id) => id.toLowerCase()),
      );
    }
    if (query.serviceCodes) add('c.category = ANY(?::text[])', query.serviceCodes);
    if (query.status?.length === 1)
      where.push(query.status[0] === 'closed' ? "c.status = 'closed'" : "c.status <> 'closed'");
    if (query.startDate) add('c.created_at >= ?', query.startDate);
    if (query.endDate) add('c.created_at < ?', query.endDate);
    const rows: Row[] = await this.db.query(
      `SELECT c.public_id, c.status, c.category, c.urgency_level, l.name AS landlord_name, c.created_at,
              c.updated_at, c.next_due_at, r.city, r.postcode
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN residences r ON r.id = c.residence_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.created_at DESC, c.id DESC
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
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
