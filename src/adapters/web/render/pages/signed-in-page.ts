import { CONSOLE_PATHS } from '../../console-paths.ts';
import { html, type SafeHtml } from '../../../http/safe-html.ts';

/**
 * The answer to the identity provider's redirect: a page that moves on to `returnTo` by
 * meta refresh, so the SameSite=Strict session cookie is sent (not on a cross-site redirect).
 */
export function renderSignedInPage(returnTo: string): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="refresh" content="0;url=${returnTo}" />
        <title>Signed in · Countersign</title>
        <link rel="stylesheet" href="${CONSOLE_PATHS.styles}" />
      </head>
      <body>
        <main>
          <p>Signed in. <a href="${returnTo}">Continue</a></p>
        </main>
      </body>
    </html> `;
}
