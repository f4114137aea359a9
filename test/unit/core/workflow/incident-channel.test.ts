import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserFacingError } from '../../../../src/core/errors.ts';
import { incidentIdPattern } from '../../../../src/core/requests/incident-id-pattern.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { workflowFixture } from './workflow-harness.ts';

const restart = (incident: string) =>
  `restart deployment/api -n prod-payments --incident ${incident} --reason "site down"`;

function notAnIncident(incident: string, form: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UserFacingError);
    assert.equal(error.code, 'incident_not_allowed');
    assert.match(
      error.message,
      new RegExp(`^--incident ${incident} is not an incident ID: incident IDs here match `),
    );
    assert.match(error.message, form);
    return true;
  };
}

// The card is also posted in the incident's channel, named from the ID (`{id}` by
// default), so an ID that is really a channel name must not file a request.
describe('--incident names an incident, never an arbitrary channel', () => {
  test('by default only INC-<digits> is accepted; general, random or a policy channel is refused', async () => {
    const { deps, store, cluster, submission } = workflowFixture();
    for (const channel of ['general', 'random', 'prod-approvals', 'INC-12x']) {
      await assert.rejects(
        submitRequest(deps, submission(restart(channel))),
        notAnIncident(channel, /INC-\[0-9\]\+/),
      );
    }
    assert.equal(store.records.size, 0);
    assert.deepEqual(cluster.calls, []);
    const filed = await submitRequest(deps, submission(restart('inc-4312')));
    assert.equal(filed.incident, 'inc-4312');
  });

  test('the pattern is configurable', async () => {
    const fixture = workflowFixture();
    const deps = { ...fixture.deps, incidentIdPattern: incidentIdPattern('P[A-Z0-9]{6}') };
    assert.equal((await submitRequest(deps, fixture.submission(restart('PX7K2QZ')))).incident, 'PX7K2QZ');
    await assert.rejects(
      submitRequest(deps, fixture.submission(restart('INC-4312'))),
      notAnIncident('INC-4312', /match P\[A-Z0-9\]\{6\}\./),
    );
  });
});
