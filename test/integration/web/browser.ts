import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/**
 * Where the walkthrough screenshots go: docs/screenshots/ of the repository with
 * `UPDATE_SCREENSHOTS=1` (as for golden files), otherwise a scratch folder, so an
 * ordinary test run takes them all but leaves the working tree clean.
 */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
    : `${join(tmpdir(), 'countersign-screenshots')}/`;

/**
 * Debian's Chromium (no browser download), headless, with a fresh profile that
 * playwright creates and removes; each person gets their own context (cookie jar).
 */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
