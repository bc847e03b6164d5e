import { Controller, Get, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { HistoryExportService } from '@suivi/complaints';
import { Allow, CurrentUser } from '../common/access';

/** Federation audit: verifiable histories (metrics and Open311 are still to come, issue F). */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(@Inject(HistoryExportService) private readonly histories: HistoryExportService) {}

  @Get('landlords/:code/events.ndjson')
  @Allow('audit.export')
  @ApiBearerAuth()
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary:
      'The landlord’s events with their hashes (no texts) and its daily digests, streamed as NDJSON; check it offline with `npx suivi-verify <file>`',
  })
  async events(@Param('code') code: string, @CurrentUser() user: UserPrincipal): Promise<StreamableFile> {
    const stream = await this.histories.export(code, landlordScopeOf(user));
    return new StreamableFile(stream, {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: `attachment; filename="suivi-events-${code}.ndjson"`,
    });
  }
}
