import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/access';
import { STYLESHEET, STYLESHEET_HASH } from './assets';

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  @Get(':file')
  @Public()
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=31536000, immutable')
  stylesheet(@Param('file') file: string): string {
    if (file !== `suivi.${STYLESHEET_HASH}.css`) throw new NotFoundException();
    return STYLESHEET;
  }
}
