import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AttemptLimiter } from '@suivi/access';
import { CONTRACTOR_ACTIONS, LinksService, TENANT_ACTIONS } from '@suivi/complaints';
import { DomainError, DomainErrorCode, parseReference, readReference } from '@suivi/domain';
import type { Action, TransitionCommand } from '@suivi/domain';
import { Public } from '../common/access';
import { AppointmentDto } from '../complaints/complaints.dto';

export class LookupDto {
  @IsString()
  @MaxLength(60)
  reference!: string;

  @IsString()
  @Length(1, 254)
  verifier!: string;
}

export class TenantActionDto {
  @IsIn(TENANT_ACTIONS)
  action!: Action;

  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  text?: string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reason?: string;
}

export class RatingDto {
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ContractorActionDto {
  @IsIn(CONTRACTOR_ACTIONS)
  action!: Action;

  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => AppointmentDto)
  appointment?: AppointmentDto;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  text?: string;
}

/** The transition a tenant's action asks for: the one text box is the note, or the action's reason. */
export function tenantCommand(body: Pick<TenantActionDto, 'action' | 'text' | 'reason'>): TransitionCommand {
  const { action, text, reason } = body;
  return action === 'note' ? { action, visibility: 'public', text } : { action, reason: reason ?? text };
}

/** The transition a contractor's action asks for: notes stay internal (the landlord reads them). */
export function contractorCommand(
  body: Pick<ContractorActionDto, 'action' | 'text' | 'appointment'>,
): TransitionCommand {
  const { action, text, appointment } = body;
  return action === 'note' ? { action, visibility: 'internal', text } : { action, text, appointment };
}

/** Failed lookups allowed per reference within the window before it locks. */
export const LOOKUP_LOCK = { misses: 5, windowMs: 15 * 60_000 };

/**
 * Reference + verifier → the tracking link, behind the per-reference lock; the JSON API and the page share
 * it. Locks key on what was typed (normalised when it parses), so unknown references lock like real ones.
 */
export async function lockedLookup(
  links: LinksService,
  attempts: AttemptLimiter,
  reference: string,
  verifier: string,
): Promise<{ trackingToken: string; reference: string } | 'locked' | 'recheck' | null> {
  // A wrong or missing check symbol is a typing slip the reference itself reveals: the person is asked to
  // re-read it, nothing is looked up, and it is not an attempt towards the lock.
  const reading = readReference(reference);
  if (!reading.ok && reading.reason === 'check') return 'recheck';
  const key = `lookup:${parseReference(reference) ?? reference.toUpperCase().replace(/[\s-]/g, '')}`;
  if (await attempts.isLocked(key, LOOKUP_LOCK.misses)) return 'locked';
  const found = await links.lookup(reference, verifier);
  if (!found) await attempts.recordFailure(key, LOOKUP_LOCK.windowMs);
  return found;
}

/** The tenant's side, without an account: the tracking link, or reference + verifier. */
@ApiTags('tracking')
@Controller('track')
export class TrackingController {
  constructor(
    @Inject(LinksService) private readonly links: LinksService,
    @Inject(AttemptLimiter) private readonly attempts: AttemptLimiter,
  ) {}

  @Post('lookup')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Reference + last 4 phone digits (or email on file) → tracking token' })
  async lookup(@Body() body: LookupDto) {
    const found = await lockedLookup(this.links, this.attempts, body.reference, body.verifier);
    if (found === 'locked') {
      throw new HttpException(
        { message: 'Too many attempts for this reference; try again later' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (found === 'recheck') {
      throw DomainError.invalidInput([
        { field: 'reference', message: 'please re-check the reference: its last character does not match' },
      ]);
    }
    if (!found) {
      throw new DomainError(DomainErrorCode.NotFound, 'No complaint matches this reference and verifier');
    }
    return found;
  }

  @Get(':token')
  @Public()
  @ApiOperation({
    summary: 'The public view of a complaint: status, public timeline, next step, appointment',
  })
  view(@Param('token') token: string) {
    return this.links.trackingView(token);
  }

  @Post(':token/actions')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Tenant: note, confirm or contest the works, reopen, ask for a review' })
  act(@Param('token') token: string, @Body() body: TenantActionDto) {
    return this.links.tenantAct(token, tenantCommand(body), body.expectedVersion);
  }

  @Post(':token/rating')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'Tenant: rate the handling once closed (1–5)' })
  async rate(@Param('token') token: string, @Body() body: RatingDto) {
    await this.links.rate(token, body.score, body.comment);
  }
}

/** The contractor's link for one assignment. */
@ApiTags('work orders')
@Controller('work-orders')
export class WorkOrdersController {
  constructor(@Inject(LinksService) private readonly links: LinksService) {}

  @Get(':token')
  @Public()
  @ApiOperation({ summary: 'The work order: address, access notes, tenant contact if agreed, appointment' })
  view(@Param('token') token: string) {
    return this.links.workOrderView(token);
  }

  @Post(':token/actions')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Contractor: propose/confirm the appointment (schedule), report works done, note',
  })
  act(@Param('token') token: string, @Body() body: ContractorActionDto) {
    return this.links.contractorAct(token, contractorCommand(body), body.expectedVersion);
  }
}
