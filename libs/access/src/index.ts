export { newToken, hashToken, looksLikeToken, safeEqual } from '@suivi/domain';
export * from './principal';
export * from './policy';
export * from './attempt-limiter';
export * from './auth.service';
export * from './users.service';
export * from './access.module';
