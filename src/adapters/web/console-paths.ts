import type { CardAction } from '../../core/cards/approval-card.ts';

/** Every path the console serves, so pages, handlers and the router agree; request IDs URL-encoded. */
export const CONSOLE_PATHS = {
  home: '/',
  submit: '/submit',
  mine: '/mine',
  approvals: '/approvals',
  grants: '/grants',
  audit: '/audit',
  login: '/login',
  logout: '/logout',
  oidcStart: '/auth/login',
  oidcCallback: '/auth/callback',
  events: '/events',
  script: '/static/console.js',
  styles: '/static/console.css',
  request: (id: string): string => `/requests/${encodeURIComponent(id)}`,
  action: (id: string, action: CardAction['id']): string => `/requests/${encodeURIComponent(id)}/${action}`,
} as const;
