import {
  Controller,
  Get,
  Inject,
  Param,
  Query,
  Res,
  UseFilters,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import {
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { Open311Service } from '@suivi/complaints';
import { CATEGORIES, DomainError, DomainErrorCode } from '@suivi/domain';
import { Public } from '../common/access';
import { Optional } from '../common/validation';
import {
  OPEN311_CONTENT_TYPES,
  OPEN311_DISCOVERY_FORMATS,
  Open311ErrorFilter,
  open311Xml,
} from './open311.format';
import type { Open311Format } from './open311.format';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const MAX_IDS = 100;

/** The raw value of a query parameter, as sent (before any `@Type` conversion). */
const raw = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => obj[key];

/**
 * A GeoReport v2 optional parameter: absent when left out, and absent too when sent empty (`status=`), as
 * the spec reads a parameter without a value. Any other value is checked by the decorators that follow.
 */
const SpecOptional = () =>
  applyDecorators(
    Transform((p) => (raw(p) === '' ? undefined : raw(p)), { toClassOnly: true }),
    Optional(),
  ) as PropertyDecorator;

/** A page-number parameter (a Suivi extension): `fallback` when empty, else an integer from `min` to `max`. */
const PageNumber = (fallback: number, min: number, max: number) =>
  applyDecorators(
    Transform((p) => (raw(p) === '' ? fallback : typeof raw(p) === 'string' ? Number(raw(p)) : raw(p)), {
      toClassOnly: true,
    }),
    IsInt(),
    Min(min),
    Max(max),
  ) as PropertyDecorator;

/** The parameters every GeoReport v2 call accepts. */
export class Open311CommonQuery {
  @ApiPropertyOptional({
    description: 'GeoReport v2: needed only by servers with several jurisdictions. Accepted and ignored.',
    maxLength: 100,
  })
  @SpecOptional()
  @IsString()
  @MaxLength(100)
  jurisdiction_id?: string;

  @ApiPropertyOptional({
    description: 'GeoReport v2 asks for a key on POST only; reads are public, so a key sent is ignored.',
    maxLength: 200,
  })
  @SpecOptional()
  @IsString()
  @MaxLength(200)
  api_key?: string;
}

/** services.{format}: the service list, with Suivi's `locale` extension. */
export class Open311ServicesQuery extends Open311CommonQuery {
  @ApiPropertyOptional({
    description: 'Suivi extension: the language of service_name (default fr).',
    enum: ['fr', 'en'],
  })
  @SpecOptional()
  @IsIn(['fr', 'en'])
  locale?: 'fr' | 'en';
}

/**
 * requests.{format}: GeoReport v2's filters, each optional (empty is absent), plus Suivi's paging
 * extension. `service_request_id` overrides every other parameter, as the spec says.
 */
export class Open311RequestsQuery extends Open311ServicesQuery {
  @ApiPropertyOptional({
    description: `Comma-separated service request ids (at most ${MAX_IDS}), as published; never a complaint reference. Overrides every other parameter, paging included.`,
    example: '0b9b8f9e-4c2a-4b8e-9a57-2f3c1d5e6a7b',
  })
  @SpecOptional()
  @Matches(new RegExp(`^${UUID}(,${UUID}){0,${MAX_IDS - 1}}$`, 'i'), {
    message: 'service_request_id must be service request ids separated by commas',
  })
  service_request_id?: string;

  @ApiPropertyOptional({
    description: `Comma-separated service codes (default: all): ${CATEGORIES.join(', ')}.`,
    example: 'heating,hot_water',
  })
  @SpecOptional()
  @Matches(new RegExp(`^(${CATEGORIES.join('|')})(,(${CATEGORIES.join('|')}))*$`), {
    message: `service_code must be among ${CATEGORIES.join(', ')}, separated by commas`,
  })
  service_code?: string;

  @ApiPropertyOptional({
    description:
      'Earliest requested_datetime (W3C date-time, e.g. 2026-01-01T00:00:00Z). Default: 90 days before end_date (or now).',
  })
  @SpecOptional()
  @IsISO8601({ strict: true })
  start_date?: string;

  @ApiPropertyOptional({
    description: 'Latest requested_datetime, excluded (W3C date-time). At most 90 days after start_date.',
  })
  @SpecOptional()
  @IsISO8601({ strict: true })
  end_date?: string;

  @ApiPropertyOptional({ description: 'open, closed or open,closed (default: all).', example: 'open' })
  @SpecOptional()
  @Matches(/^(open|closed)(,(open|closed))?$/, { message: 'status must be open, closed or open,closed' })
  status?: string;

  @ApiPropertyOptional({ description: 'Suivi extension: page number, from 1.', default: 1, maximum: 10_000 })
  @PageNumber(1, 1, 10_000)
  page: number = 1;

  @ApiPropertyOptional({
    description: 'Suivi extension: requests per page, at most 1,000.',
    default: 50,
    maximum: 1000,
  })
  @PageNumber(50, 1, 1000)
  page_size: number = 50;
}

const RESOURCE = (name: string) => new RegExp(`^(${name})\\.(json|xml)$`, 'i');

/**
 * Open311 GeoReport v2 read endpoints (http://wiki.open311.org/GeoReport_v2) and their discovery document
 * (http://wiki.open311.org/Service_Discovery), public, rate limited, with public fields only, in XML and
 * JSON (by extension). Errors leave in the spec's format (see Open311ErrorFilter).
 */
@ApiTags('open311')
@ApiResponse({
  status: 400,
  description: 'GeoReport v2 errors, one per invalid parameter: [{ code, description }]',
})
@ApiResponse({ status: 404, description: 'GeoReport v2 error: no such service or service request' })
@ApiResponse({ status: 429, description: 'GeoReport v2 error: too many calls from this address' })
@Controller('open311')
@UseGuards(ThrottlerGuard)
@UseFilters(Open311ErrorFilter)
@Throttle({ default: { limit: 60, ttl: 60_000 } })
export class Open311Controller {
  constructor(
    @Inject(Open311Service) private readonly open311: Open311Service,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('discovery.json')
  @Public()
  @ApiOperation({ summary: 'Open311 Service Discovery, JSON' })
  discoveryJson(@Query() _query: Open311CommonQuery) {
    return this.discovery();
  }

  @Get('discovery.xml')
  @Public()
  @ApiProduces('text/xml')
  @ApiOperation({ summary: 'Open311 Service Discovery, XML' })
  discoveryXml(@Query() _query: Open311CommonQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, 'xml', 'discovery', this.discovery());
  }

  @Get('v2/services.json')
  @Public()
  @ApiOperation({ summary: 'Open311: the complaint categories as services, JSON' })
  servicesJson(@Query() query: Open311ServicesQuery) {
    return this.open311.services(query.locale);
  }

  @Get('v2/services.xml')
  @Public()
  @ApiProduces('text/xml')
  @ApiOperation({ summary: 'Open311: the complaint categories as services, XML' })
  servicesXml(@Query() query: Open311ServicesQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, 'xml', 'services', this.open311.services(query.locale));
  }

  @Get('v2/services/:file')
  @Public()
  @ApiParam({ name: 'file', description: '{service_code}.json or {service_code}.xml' })
  @ApiProduces('application/json', 'text/xml')
  @ApiOperation({ summary: 'Open311: one service definition (no attributes: no service asks questions)' })
  service(
    @Param('file') file: string,
    @Query() _query: Open311CommonQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const [, code, format] = RESOURCE('[a-z_]{1,40}').exec(file) ?? [];
    const definition = code ? this.open311.serviceDefinition(code) : null;
    if (!definition) throw new DomainError(DomainErrorCode.NotFound, 'No such service');
    return this.answer(reply, format.toLowerCase() as Open311Format, 'service_definition', definition);
  }

  @Get('v2/requests.json')
  @Public()
  @ApiOperation({ summary: 'Open311: service requests (public fields), filters and paging, JSON' })
  requestsJson(@Query() query: Open311RequestsQuery) {
    return this.requests(query);
  }

  @Get('v2/requests.xml')
  @Public()
  @ApiProduces('text/xml')
  @ApiOperation({ summary: 'Open311: service requests (public fields), filters and paging, XML' })
  async requestsXml(@Query() query: Open311RequestsQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, 'xml', 'service_requests', await this.requests(query));
  }

  @Get('v2/requests/:file')
  @Public()
  @ApiParam({ name: 'file', description: '{service_request_id}.json or {service_request_id}.xml' })
  @ApiProduces('application/json', 'text/xml')
  @ApiOperation({ summary: 'Open311: one service request, as a one-element list' })
  async request(
    @Param('file') file: string,
    @Query() _query: Open311CommonQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const [, id, format] = RESOURCE(UUID).exec(file) ?? [];
    const found = id ? await this.open311.requests({ serviceRequestIds: [id], page: 1, pageSize: 1 }) : [];
    if (found.length === 0) throw new DomainError(DomainErrorCode.NotFound, 'No such service request');
    return this.answer(reply, format.toLowerCase() as Open311Format, 'service_requests', found);
  }

  private requests(query: Open311RequestsQuery) {
    return this.open311.requests({
      serviceRequestIds: query.service_request_id?.split(','),
      serviceCodes: query.service_code?.split(','),
      status: query.status?.split(',') as ('open' | 'closed')[] | undefined,
      startDate: query.start_date ? new Date(query.start_date) : undefined,
      endDate: query.end_date ? new Date(query.end_date) : undefined,
      page: query.page,
      pageSize: query.page_size,
      locale: query.locale,
    });
  }

  private discovery() {
    const base = this.config.publicBaseUrl;
    return this.open311.discovery(
      `${base}/open311/v2`,
      `The operator of Suivi at ${base}/`,
      OPEN311_DISCOVERY_FORMATS,
    );
  }

  /** `value` in `format`: JSON is serialised by Nest; XML is written here under `root`. */
  private answer(reply: FastifyReply, format: Open311Format, root: string, value: unknown) {
    if (format === 'json') return value;
    void reply.header('content-type', OPEN311_CONTENT_TYPES.xml);
    return open311Xml(root, value);
  }
}
