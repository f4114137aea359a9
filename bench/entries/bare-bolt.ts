// The floor of the ack-latency benchmark: a Bolt app in HTTP mode that verifies the
// signature exactly as Countersign's does (same receiver, same options, same HTTP
// server and route) and only acknowledges `/k8s-request`. Environment: PORT,
// SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL. Prints one JSON line once it listens.
import { App, HTTPReceiver } from '@slack/bolt';
import { pino } from 'pino';
import { startHttpServer } from '../../src/adapters/http/http-server.ts';
import { SLACK_EVENTS_PATH } from '../../src/adapters/slack/slack-app.ts';
import { SLASH_COMMAND } from '../../src/adapters/slack/ingress/on-command.ts';
import { slackLogger } from '../../src/adapters/slack/chat/slack-logger.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`bare-bolt needs ${name}`);
  return value;
};
const logger = pino({ level: 'warn' });
const boltLogger = slackLogger(logger);
const receiver = new HTTPReceiver({
  signingSecret: env('SLACK_SIGNING_SECRET'),
  endpoints: SLACK_EVENTS_PATH,
  processBeforeResponse: false,
  logger: boltLogger,
});
const app = new App({
  token: env('SLACK_BOT_TOKEN'),
  receiver,
  logger: boltLogger,
  clientOptions: { slackApiUrl: env('SLACK_API_URL') },
});
app.command(SLASH_COMMAND, async ({ ack }) => {
  await ack();
});
const http = await startHttpServer(
  '127.0.0.1',
  Number(env('PORT')),
  [{ prefix: SLACK_EVENTS_PATH, handler: (req, res) => receiver.requestListener(req, res) }],
  logger,
);
console.log(JSON.stringify({ event: 'ready', url: http.url }));
process.once('SIGTERM', () => void http.close(1000).then(() => process.exit(0)));
