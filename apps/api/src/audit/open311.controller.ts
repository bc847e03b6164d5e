import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Open311Service } from '@suivi/complaints';
import { CATEGORIES, DomainError, DomainErrorCode } from '@suivi/domain';
import { Public } from '../common/access';

const NINETY_DAYS_MS = 90 * 86_400_000;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export class Open311ServicesQuery {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  jurisdiction_id?: string;

  @IsOptional()
  @IsIn(['fr', 'en'])
  locale?: 'fr' | 'en';
}

export class Open311RequestsQuery extends Open311ServicesQuery {
  /** Comma-separated public ids (as published in requests.json; never the tenant's reference). */
  @IsOptional()
  @Matches(new RegExp(`^${UUID}(,${UUID}){0,99}$`, 'i'), {
    message: 'service_request_id must be service request ids separated by commas',
  })
  service_request_id?: string;

  @IsOptional()
  @Matches(new RegExp(`^(${CATEGORIES.join('|')})(,(${CATEGORIES.join('|')}))*$`), {
    message: `service_code must be among ${CATEGORIES.join(', ')}, separated by commas`,
  })
  service_code?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  start_date?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  end_date?: string;

  @IsOptional()
  @Matches(/^(open|closed)(,(open|closed))?$/, { message: 'status must be open, closed or open,closed' })
  status?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  page_size: number = 50;
}

/**
 * Open311 GeoReport v2 read endpoints (https://wiki.open311.org/GeoReport_v2), public, rate limited, with
 * public fields only. Without dates or ids, requests.json covers the last 90 days, as the spec suggests.
 */
@ApiTags('open311')
@Controller('open311/v2')
@UseGuards(ThrottlerGuard)
@Throttle({ default: { limit: 60, ttl: 60_000 } })
export class Open311Controller {
  constructor(@Inject(Open311Service) private readonly open311: Open311Service) {}

  @Get('services.json')
  @Public()
  @ApiOperation({ summary: 'Open311: the complaint categories as services' })
  services(@Query() query: Open311ServicesQuery) {
    return this.open311.services(query.locale);
  }

  @Get('requests.json')
  @Public()
  @ApiOperation({ summary: 'Open311: service requests (public fields), filters and paging' })
  requests(@Query() query: Open311RequestsQuery) {
    const ids = query.service_request_id?.split(',');
    let start = query.start_date ? new Date(query.start_date) : undefined;
    const end = query.end_date ? new Date(query.end_date) : undefined;
    if (start && end && end.getTime() - start.getTime() > NINETY_DAYS_MS) {
      throw DomainError.invalidInput([{ field: 'end_date', message: 'at most 90 days after start_date' }]);
    }
    if (!ids && !start) start = new Date((end?.getTime() ?? Date.now()) - NINETY_DAYS_MS);
    return this.open311.requests({
      serviceRequestIds: ids,
      serviceCodes: query.service_code?.split(','),
      status: query.status?.split(',') as ('open' | 'closed')[] | undefined,
      startDate: start,
      endDate: end,
      page: query.page,
      pageSize: query.page_size,
    });
  }

  @Get('requests/:file')
  @Public()
  @ApiOperation({ summary: 'Open311: one service request, as a one-element array' })
  async request(@Param('file') file: string) {
    const id = new RegExp(`^(${UUID})\\.json$`, 'i').exec(file)?.[1];
    const found = id ? await this.open311.requests({ serviceRequestIds: [id], page: 1, pageSize: 1 }) : [];
    if (found.length === 0) throw new DomainError(DomainErrorCode.NotFound, 'No such service request');
    return found;
  }
}
