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
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { IsIn, IsInt, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { TrackingLinkResender } from '@suivi/notifications';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AttemptLimiter } from '@suivi/access';
import { CONTRACTOR_ACTIONS, LinksService, TENANT_ACTIONS, WorkOrdersService } from '@suivi/complaints';
import { DomainError, DomainErrorCode, parseReference, readReference } from '@suivi/domain';
import type { Action, Channel, TransitionCommand } from '@suivi/domain';
import { Public } from '../common/access';
import { AppointmentDto } from '../complaints/complaints.dto';
import { HasText, NestedObject, Optional } from '../common/validation';
import { ThrottleEveryCaller } from '../common/throttling';

export class LookupDto {
  @ApiProperty({ example: 'K7M2-QX9T', maxLength: 40 })
  @IsString()
  @MaxLength(60)
  reference!: string;

  @ApiProperty({ example: '5678', description: 'last 4 digits of the phone on file, or the e-mail on file' })
  @IsString()
  @Length(1, 254)
  verifier!: string;
}

export class ResendLinkDto {
  @ApiProperty({ example: 'K7M2-QX9T-4HTPC', maxLength: 60 })
  @IsString()
  @Length(1, 60)
  reference!: string;

  @ApiPropertyOptional({
    enum: ['sms', 'email'],
    description: 'preferred channel when both are on file; the other one is used when it is not',
  })
  @Optional()
  @IsIn(['sms', 'email'])
  channel?: Channel;
}

export class TenantActionDto {
  @ApiProperty({ enum: TENANT_ACTIONS })
  @IsIn(TENANT_ACTIONS)
  action!: Action;

  @ApiProperty({ minimum: 1, description: 'The version the tenant last saw (409 when stale)' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({ maxLength: 5000, description: 'note: the message; other actions: the reason' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  text?: string;

  @ApiPropertyOptional({ maxLength: 5000, description: 'reject_works, reopen, escalate: why' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  reason?: string;
}

export class RatingDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @HasText()
  @MaxLength(2000)
  comment?: string;
}

export class ContractorActionDto {
  @ApiProperty({ enum: CONTRACTOR_ACTIONS })
  @IsIn(CONTRACTOR_ACTIONS)
  action!: Action;

  @ApiProperty({ minimum: 1, description: 'The version the contractor last saw (409 when stale)' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({ type: AppointmentDto, description: 'schedule: the slot' })
  @Optional()
  @NestedObject(() => AppointmentDto)
  appointment?: AppointmentDto;

  @ApiPropertyOptional({ maxLength: 5000, description: 'report_done, note: text for the landlord only' })
  @Optional()
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

/**
 * Lookup limits, counted before the verifier is checked (so a parallel burst cannot get more evaluations):
 * one (reference, address) pair gets `perPair` attempts per window, then that pair is refused; the
 * reference itself gets `referenceFree` attempts per day from anywhere, then is slowed down (one attempt
 * per `baseDelayMs`, doubling each time, at most `maxDelayMs`) rather than locked for everyone — so an
 * attacker cannot lock a tenant out, and cannot try the verifier's 10,000 values from many addresses either.
 */
export const LOOKUP_LOCK = {
  perPair: 5,
  windowMs: 15 * 60_000,
  referenceFree: 10,
  referenceWindowMs: 24 * 3_600_000,
  baseDelayMs: 10_000,
  maxDelayMs: 15 * 60_000,
  /**
   * While the reference is slowed, this many addresses new to it still get one attempt each at once, so
   * one address taking every slot cannot keep the tenant out.
   */
  referenceFirstsFromNewAddresses: 10,
};

/**
 * Reference + verifier → the tracking link, behind the lookup limits; the JSON API and the page share it.
 * Limits key on what was typed (normalised when it parses), so unknown references limit like real ones.
 * Returns the link, 'locked' or 'slowed' with the seconds to wait, or null for no match.
 * Errors: LimiterUnavailable when the limiter's store is away (the caller's filter answers 503).
 */
export async function lockedLookup(
  links: LinksService,
  attempts: AttemptLimiter,
  reference: string,
  verifier: string,
  address: string,
): Promise<
  | { trackingToken: string; reference: string }
  | { refused: 'locked' | 'slowed'; retryAfterSeconds: number }
  | 'recheck'
  | null
> {
  // A wrong or missing check symbol is a typing slip the reference itself reveals: the person is asked to
  // re-read it, nothing is looked up, and it is not an attempt towards the lock.
  const reading = readReference(reference);
  if (!reading.ok && reading.reason === 'check') return 'recheck';
  const typed = parseReference(reference) ?? reference.toUpperCase().replace(/[\s-]/g, '');
  const referenceKey = `lookup:reference:${typed}`;
  const pairKey = `lookup:pair:${address}:${typed}`;
  const admission = await attempts.admit({
    hard: [{ key: pairKey, limit: LOOKUP_LOCK.perPair, windowMs: LOOKUP_LOCK.windowMs }],
    slow: {
      key: referenceKey,
      free: LOOKUP_LOCK.referenceFree,
      windowMs: LOOKUP_LOCK.referenceWindowMs,
      baseDelayMs: LOOKUP_LOCK.baseDelayMs,
      maxDelayMs: LOOKUP_LOCK.maxDelayMs,
      firstFromAddress: { address, perWindow: LOOKUP_LOCK.referenceFirstsFromNewAddresses },
    },
  });
  if (!admission.admitted) {
    return {
      refused: admission.reason,
      retryAfterSeconds: Math.max(1, Math.ceil(admission.retryAfterMs / 1000)),
    };
  }
  const found = await links.lookup(reference, verifier);
  // The tenant's own successful lookups do not count against them.
  if (found) await attempts.release([pairKey, referenceKey]);
  return found;
}

/**
 * Re-sending the tracking link (issue 14, J5), counted before anything is looked up: a reference gets
 * `perReference` re-sends per `referenceWindowMs` (whoever asks), an address `perAddress` per
 * `addressWindowMs` (whatever the reference). Refusals answer like sends, so nothing is learnt.
 */
export const RESEND_LIMITS = {
  perReference: 3,
  referenceWindowMs: 24 * 3_600_000,
  perAddress: 10,
  addressWindowMs: 3_600_000,
};

/** The one answer to a re-send request, whatever happened (no enumeration of references or contacts). */
export const RESEND_ANSWER = {
  fr: 'Si cette référence a un téléphone ou une adresse e-mail enregistrés, le lien vient d’y être envoyé.',
  en: 'If this reference has a phone or an e-mail on file, the link has just been sent there.',
};

/**
 * Reference (+ preferred channel) → the tracking link queued to the contact on file, behind RESEND_LIMITS;
 * the JSON API and the /follow page share it. Returns 'recheck' for a mistyped check character (nothing
 * counted, as for the lookup), else 'answered' — whether the reference exists, has a contact, or was over
 * its limit, which the caller must not tell apart.
 * Errors: LimiterUnavailable when the limiter's store is away (the caller's filter answers 503).
 */
export async function lockedResend(
  resender: TrackingLinkResender,
  attempts: AttemptLimiter,
  reference: string,
  channel: Channel | undefined,
  address: string,
): Promise<'recheck' | 'answered'> {
  const reading = readReference(reference);
  if (!reading.ok && reading.reason === 'check') return 'recheck';
  const parsed = parseReference(reference);
  const typed = parsed ?? reference.toUpperCase().replace(/[\s-]/g, '');
  const admission = await attempts.admit({
    hard: [
      {
        key: `resend:reference:${typed}`,
        limit: RESEND_LIMITS.perReference,
        windowMs: RESEND_LIMITS.referenceWindowMs,
      },
      {
        key: `resend:address:${address}`,
        limit: RESEND_LIMITS.perAddress,
        windowMs: RESEND_LIMITS.addressWindowMs,
      },
    ],
  });
  if (admission.admitted && parsed) await resender.resend(parsed, channel);
  return 'answered';
}

/** The tenant's side, without an account: the tracking link, or reference + verifier. */
@ApiTags('tracking')
@Controller('track')
export class TrackingController {
  constructor(
    @Inject(LinksService) private readonly links: LinksService,
    @Inject(AttemptLimiter) private readonly attempts: AttemptLimiter,
    @Inject(TrackingLinkResender) private readonly resender: TrackingLinkResender,
  ) {}

  @Post('resend-link')
  @HttpCode(202)
  @Public()
  @ThrottleEveryCaller()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({
    summary:
      'Re-send the tracking link to the phone or e-mail on file (never to one given here); the same answer whether or not the reference exists',
  })
  async resendLink(@Body() body: ResendLinkDto, @Req() request: FastifyRequest) {
    const outcome = await lockedResend(
      this.resender,
      this.attempts,
      body.reference,
      body.channel,
      request.ip,
    );
    if (outcome === 'recheck') {
      throw DomainError.invalidInput([
        { field: 'reference', message: 'please re-check the reference: its last character does not match' },
      ]);
    }
    return { message: RESEND_ANSWER.en, messageFr: RESEND_ANSWER.fr };
  }

  @Post('lookup')
  @HttpCode(200)
  @Public()
  @ThrottleEveryCaller()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Reference + last 4 phone digits (or email on file) → tracking token' })
  async lookup(@Body() body: LookupDto, @Req() request: FastifyRequest) {
    const found = await lockedLookup(this.links, this.attempts, body.reference, body.verifier, request.ip);
    if (found && typeof found === 'object' && 'refused' in found) {
      throw new HttpException(
        {
          message: 'Too many attempts for this reference; try again later',
          retryAfterSeconds: found.retryAfterSeconds,
        },
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
  constructor(@Inject(WorkOrdersService) private readonly workOrders: WorkOrdersService) {}

  @Get(':token')
  @Public()
  @ApiOperation({ summary: 'The work order: address, access notes, tenant contact if agreed, appointment' })
  view(@Param('token') token: string) {
    return this.workOrders.workOrderView(token);
  }

  @Post(':token/actions')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Contractor: propose/confirm the appointment (schedule), report works done, note',
  })
  act(@Param('token') token: string, @Body() body: ContractorActionDto) {
    return this.workOrders.contractorAct(token, contractorCommand(body), body.expectedVersion);
  }
}
