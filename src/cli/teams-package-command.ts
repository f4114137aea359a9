import { readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { zipSync } from 'fflate';
import type { AuditCommandIo } from './cli-io.ts';

/** Where the Teams app manifest and its icons live: manifests/teams, two folders above src/cli and dist/cli alike. */
const TEMPLATE = new URL('../../manifests/teams/', import.meta.url);
const APP_ID_PLACEHOLDER = '${{TEAMS_APP_ID}}';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Every entry's modification time (the earliest a zip can hold), so the same app ID gives the same bytes. */
const ZIP_MTIME = new Date(1980, 0, 1);

interface TeamsManifest {
  id: string;
  icons: { color: string; outline: string };
  bots?: { botId: string }[];
}

/** Parses `--app-id`: the bot's Microsoft App ID, a GUID. */
function parseAppId(value: string): string {
  if (!GUID.test(value)) {
    throw new InvalidArgumentError(
      'expected the bot’s Microsoft App ID (TEAMS_APP_ID), a GUID such as 0b9d2c1e-5a4f-4c3b-9e8d-7f6a5b4c3d2e',
    );
  }
  return value.toLowerCase();
}

/**
 * The Teams app package for one bot: `manifests/teams/manifest.json` with its app and
 * bot ID set to `appId`, and the two icons it names, all at the zip's root, as the
 * Teams admin center's "Upload an app" expects.
 */
export function teamsAppPackage(appId: string): Buffer {
  const text = readFileSync(new URL('manifest.json', TEMPLATE), 'utf8').replaceAll(APP_ID_PLACEHOLDER, appId);
  const manifest = JSON.parse(text) as TeamsManifest;
  const files: Record<string, Uint8Array> = { 'manifest.json': Buffer.from(text, 'utf8') };
  for (const icon of [manifest.icons.color, manifest.icons.outline]) {
    files[icon] = readFileSync(new URL(icon, TEMPLATE));
  }
  return Buffer.from(zipSync(files, { level: 9, mtime: ZIP_MTIME }));
}

/** Registers `countersign teams-package --app-id GUID [--out FILE]`. */
export function registerTeamsPackageCommand(program: Command, io: AuditCommandIo): void {
  program
    .command('teams-package')
    .description(
      'Write the Teams app package (manifest.json with the app ID filled in, color.png and outline.png, ' +
        'at the zip root) to upload in the Teams admin center.',
    )
    .requiredOption('--app-id <guid>', 'the bot’s Microsoft App ID, the same as TEAMS_APP_ID', parseAppId)
    .option('--out <file>', 'where to write the zip', 'countersign-teams.zip')
    .addHelpText(
      'after',
      '\nExample:\n  countersign teams-package --app-id 0b9d2c1e-5a4f-4c3b-9e8d-7f6a5b4c3d2e --out countersign-teams.zip',
    )
    .action((flags: { appId: string; out: string }) => {
      try {
        writeFileSync(flags.out, teamsAppPackage(flags.appId));
      } catch (error) {
        io.stderr(`cannot write ${flags.out}: ${(error as Error).message}`);
        io.setExitCode(2);
        return;
      }
      io.stdout(
        `wrote ${flags.out} (manifest.json, color.png, outline.png) for app ${flags.appId}; ` +
          'upload it in the Teams admin center: Teams apps > Manage apps > Upload new app',
      );
    });
}
