import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { actorOf, complaintScopeOf } from '@suivi/access';
import type { Principal, UserPrincipal } from '@suivi/access';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { ComplaintsService } from '@suivi/complaints';
import { Allow, CurrentPrincipal, CurrentUser, Public } from '../common/access';
import { ComplaintQueryDto, FileComplaintDto, NoteDto, TransitionDto } from './complaints.dto';
import { fileAs } from './file-as';

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary:
      'File a complaint: a tenant (no account, web), staff on a tenant’s behalf, or a partner with consent',
  })
  async file(@Body() body: FileComplaintDto, @CurrentPrincipal() principal: Principal) {
    const filed = await fileAs(this.complaints, body, principal);
    return {
      reference: filed.reference,
      status: filed.status,
      version: filed.version,
      trackingToken: filed.trackingToken,
      trackingUrl: `${this.config.publicBaseUrl}/t/${filed.trackingToken}`,
      urgency: filed.urgency,
    };
  }

  @Get()
  @Allow('complaint.list')
  @ApiOperation({ summary: 'List complaints with filters, pagination and sort' })
  list(@Query() query: ComplaintQueryDto, @CurrentUser() user: UserPrincipal) {
    return this.complaints.list(query, complaintScopeOf(user));
  }

  @Get('counts')
  @Allow('complaint.list')
  @ApiOperation({ summary: 'How many complaints match the filters, per status, and how many are overdue' })
  counts(@Query() query: ComplaintQueryDto, @CurrentUser() user: UserPrincipal) {
    return this.complaints.counts(query, complaintScopeOf(user));
  }

  @Get(':reference')
  @Allow('complaint.read')
  @ApiOperation({ summary: 'A complaint with its timeline and the actions open to the caller' })
  detail(@Param('reference') reference: string, @CurrentUser() user: UserPrincipal) {
    return this.complaints.detail(reference, actorOf(user), complaintScopeOf(user));
  }

  @Post(':reference/transitions')
  @HttpCode(200)
  @Allow('complaint.transition')
  @ApiOperation({ summary: 'Apply a lifecycle action (409 if not allowed now or the version is stale)' })
  async transition(
    @Param('reference') reference: string,
    @Body() body: TransitionDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    const { expectedVersion, ...command } = body;
    const result = await this.complaints.transition(
      reference,
      command,
      expectedVersion,
      actorOf(user),
      complaintScopeOf(user),
    );
    return this.withLinks(result);
  }

  @Post(':reference/notifications/:id/resend')
  @HttpCode(200)
  // The front desk's permission, as on the complaint page: contractors and partners never resend.
  @Allow('complaint.handle')
  @ApiOperation({ summary: 'Send a failed or unclear (unknown) message again, after checking it' })
  resend(
    @Param('reference') reference: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.complaints.resendNotification(reference, id, complaintScopeOf(user));
  }

  @Post(':reference/notes')
  @Allow('complaint.note')
  @ApiOperation({ summary: 'Add a public or internal note' })
  async note(
    @Param('reference') reference: string,
    @Body() body: NoteDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    const result = await this.complaints.transition(
      reference,
      { action: 'note', visibility: body.visibility, text: body.text },
      body.expectedVersion,
      actorOf(user),
      complaintScopeOf(user),
    );
    return this.withLinks(result);
  }

  @Get(':reference/events')
  @Allow('complaint.events')
  @ApiOperation({ summary: 'The hash-chained events of a complaint' })
  events(@Param('reference') reference: string, @CurrentUser() user: UserPrincipal) {
    return this.complaints.eventsOf(reference, complaintScopeOf(user));
  }

  @Get(':reference/events/verify')
  @Allow('complaint.verify')
  @ApiOperation({ summary: 'Recompute the chain and the text digests' })
  verify(@Param('reference') reference: string, @CurrentUser() user: UserPrincipal) {
    return this.complaints.verify(reference, complaintScopeOf(user));
  }

  private withLinks<T extends { reference: string; workOrderToken?: string }>(result: T) {
    return {
      ...result,
      ...(result.workOrderToken
        ? { workOrderUrl: `${this.config.publicBaseUrl}/w/${result.workOrderToken}` }
        : {}),
    };
  }
}
