import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../../../../src/adapters/slack/ingress/on-command.ts';
import { SLACK_EVENTS_PATH } from '../../../../src/adapters/slack/slack-app.ts';

const root = new URL('../../../../', import.meta.url);
const manifest = parse(readFileSync(new URL('manifests/slack/manifest.yaml', root), 'utf8')) as {
  features: {
    app_home: Record<string, boolean>;
    slash_commands: { command: string; url: string; usage_hint: string; should_escape: boolean }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
};

/** The bot scopes each Web API method needs (docs.slack.dev method pages). */
const SCOPES_OF: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'conversations.open': ['im:write'],
  'conversations.list': ['channels:read', 'groups:read'],
  'users.info': ['users:read', 'users:read.email'],
  'usergroups.list': ['usergroups:read'],
  'usergroups.users.list': ['usergroups:read'],
  'views.open': [],
  'views.update': [],
  'views.publish': [],
};

/** Scopes not tied to one method call: the slash command, and posting to public incident channels uninvited. */
const FEATURE_SCOPES = ['commands', 'chat:write.public'];

function methodsCalled(): Set<string> {
  const folder = new URL('src/adapters/slack/', root);
  const methods = new Set<string>();
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const source = readFileSync(join(folder.pathname, file), 'utf8');
    for (const match of source.matchAll(/client\.([a-z]+(?:\s*\.[a-zA-Z]+)+)\s*\(/g)) {
      methods.add(match[1]!.replace(/\s+/g, ''));
    }
  }
  return methods;
}

void describe('manifests/slack/manifest.yaml', () => {
  void test('asks for exactly the bot scopes the code needs', () => {
    const methods = methodsCalled();
    assert.ok(methods.has('chat.postMessage') && methods.has('usergroups.users.list'), [...methods].join());
    const needed = new Set(FEATURE_SCOPES);
    for (const method of methods) {
      const scopes = SCOPES_OF[method];
      assert.ok(scopes, `src/adapters/slack calls ${method}: add its scopes to this test and the manifest`);
      scopes.forEach((s) => needed.add(s));
    }
    assert.deepEqual([...manifest.oauth_config.scopes.bot].sort(), [...needed].sort());
  });

  void test('declares the slash command, interactivity, App Home and the one event the app handles', () => {
    const [command, ...others] = manifest.features.slash_commands;
    assert.equal(others.length, 0);
    assert.equal(command?.command, SLASH_COMMAND);
    assert.equal(command?.should_escape, false);
    assert.ok((command?.usage_hint.length ?? 0) > 0);
    assert.equal(manifest.settings.interactivity.is_enabled, true);
    assert.equal(manifest.features.app_home.home_tab_enabled, true);
    assert.equal(manifest.features.app_home.messages_tab_read_only_enabled, true);
    assert.deepEqual(manifest.settings.event_subscriptions.bot_events, ['app_home_opened']);
    assert.equal(manifest.settings.socket_mode_enabled, true);
    for (const url of [
      command?.url,
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ]) {
      assert.ok(url?.endsWith(SLACK_EVENTS_PATH), `${url} ends with ${SLACK_EVENTS_PATH}`);
    }
  });
});
