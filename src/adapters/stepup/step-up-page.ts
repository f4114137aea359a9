import type { ServerResponse } from 'node:http';
import { html } from '../http/safe-html.ts';

/** One page of the step-up flow: a heading, a message, and optionally a button that posts back. */
export interface StepUpPage {
  readonly status: number;
  readonly title: string;
  readonly message: string;
  readonly tone: 'good' | 'bad' | 'neutral';
  /** A one-button form posting to `action` (same origin), e.g. "Continue to sign in". */
  readonly button?: { readonly action: string; readonly label: string };
}

const COLORS = { good: '#1a7f37', bad: '#cf222e', neutral: '#57606a' } as const;

/**
 * Sends a small HTML page. Every text is escaped; the page runs no script, loads
 * nothing, may not be framed, sends no referrer (its URL or the callback's carries
 * secrets) and is never cached. Its form may post anywhere the redirect after it
 * leads (the identity provider), so `form-action` is left open.
 */
export function sendStepUpPage(res: ServerResponse, page: StepUpPage): void {
  const form = page.button
    ? html`<form method="post" action="${page.button.action}">
        <button type="submit">${page.button.label}</button>
      </form>`
    : '';
  const body = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${page.title} · Countersign</title>
        <style>
          body {
            font:
              16px/1.5 system-ui,
              sans-serif;
            max-width: 36rem;
            margin: 4rem auto;
            padding: 0 1rem;
            color: #1f2328;
          }
          h1 {
            font-size: 1.3rem;
            color: ${COLORS[page.tone]};
          }
          button {
            font: inherit;
            padding: 0.5rem 1rem;
          }
        </style>
      </head>
      <body>
        <h1>${page.title}</h1>
        <p>${page.message}</p>
        ${form}
      </body>
    </html> `;
  res.writeHead(page.status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  });
  res.end(body.value);
}
