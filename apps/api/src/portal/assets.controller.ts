import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/access';
import { STYLESHEET, STYLESHEET_HASH } from './assets';

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  /**
   * The stylesheet, named by its content hash so it can be cached for a year. Only the real file gets
   * that cache header: a 404 (a stale or mistyped name) must not be cached, or a later deploy that
   * publishes the name would stay unreachable.
   */
  @Get(':file')
  @Public()
  stylesheet(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    if (file !== `suivi.${STYLESHEET_HASH}.css`) throw new NotFoundException();
    void reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable');
    return STYLESHEET;
  }
}
