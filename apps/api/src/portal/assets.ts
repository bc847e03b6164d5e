import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The one stylesheet, read once; its URL carries a hash of its content so browsers may keep it a year. */
export const STYLESHEET = readFileSync(join(__dirname, 'assets', 'suivi.css'), 'utf8');
export const STYLESHEET_HASH = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12);
export const STYLESHEET_PATH = `/assets/suivi.${STYLESHEET_HASH}.css`;
