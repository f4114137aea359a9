// Worker-thread entry: the fake Slack Web API of test/fakes, on its own event loop so
// the Slack traffic of the process under test never delays the benchmark's own timers.
// Reports `ready`, then every response_url post (with its body) and every Web API call as they happen.
import { parentPort, workerData } from 'node:worker_threads';
import type { FakeSlackOptions } from '../../test/fakes/fake-slack/fake-slack-types.ts';
import { startFakeSlack } from '../../test/fakes/fake-slack/fake-slack.ts';

const port = parentPort;
if (!port) throw new Error('fake-slack-thread runs as a worker thread');
const fake = await startFakeSlack(workerData as FakeSlackOptions);
port.postMessage({ type: 'ready', url: fake.url, apiUrl: fake.apiUrl, botToken: fake.botToken });

let responses = 0;
let calls = 0;
let stopping = false;
const forward = (): void => {
  for (; responses < fake.responses.length; responses++) {
    const { id, body } = fake.responses[responses]!;
    port.postMessage({ type: 'response', id, body });
  }
  for (; calls < fake.calls.length; calls++) {
    const call = fake.calls[calls]!;
    port.postMessage({ type: 'call', method: call.method, ok: call.ok, error: call.error });
  }
};
port.on('message', (message: { type: string }) => {
  if (message.type !== 'stop') return;
  stopping = true;
  void fake.stop().then(() => port.close());
});
while (!stopping) {
  await fake
    .waitFor((f) => f.responses.length > responses || f.calls.length > calls, 60_000)
    .catch(() => undefined);
  forward();
}
