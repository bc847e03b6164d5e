import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/access';

/**
 * Liveness: the process is up and answers HTTP, nothing more. It asks no database and no Redis, so an outage
 * of either never gets a healthy API restarted (docker-compose.yml's healthcheck); `/health` is readiness.
 */
@ApiTags('operations')
@Controller('health/live')
export class LivenessController {
  @Get()
  @Public()
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
