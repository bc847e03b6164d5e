import { AssetsController } from './assets.controller';
import { SignInPages } from './sign-in.controller';
import { ACCOUNT_PAGES } from './account';
import { AGENT_PAGES } from './agent';
import { CONTRACTOR_PAGES } from './contractor';
import { DASHBOARD_PAGES } from './dashboard';
import { MANAGE_PAGES } from './manage';
import { ON_CALL_PAGES } from './on-call';
import { PUBLIC_PAGES } from './public';

/**
 * The server-rendered portal: every page controller, registered by the app module beside the JSON API.
 * Page controllers call the same services as the API; they hold no business rule of their own.
 */
export const PORTAL_CONTROLLERS = [
  AssetsController,
  SignInPages,
  ...ACCOUNT_PAGES,
  ...PUBLIC_PAGES,
  ...CONTRACTOR_PAGES,
  ...ON_CALL_PAGES,
  ...AGENT_PAGES,
  ...MANAGE_PAGES,
  ...DASHBOARD_PAGES,
];

/**
 * Page paths live outside the API's `/api/v1` prefix. Each first segment here must differ from every API
 * controller's path (the prefix exclusion matches paths, whatever the controller).
 */
export const PAGE_PATHS = [
  '',
  'assets/{*path}',
  'sign-in',
  'sign-in/{*path}',
  'sign-out',
  'account',
  'account/{*path}',
  'forgot-password',
  'reset-password/{*path}',
  'follow',
  'follow/resend',
  'file',
  'file/{*path}',
  't/{*path}',
  'w/{*path}',
  'contractor',
  'a/{*path}',
  'u/{*path}',
  'criteria/{*path}',
  'agent',
  'agent/{*path}',
  'partners',
  'partners/{*path}',
  'manage',
  'manage/{*path}',
  'dashboard',
  'dashboard/{*path}',
];
