import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChangeAnnouncer } from '../../../../src/core/notify/change-announcer.ts';
import { InMemoryChangeFeed } from '../../../fakes/in-memory-change-feed.ts';

describe('ChangeAnnouncer', () => {
  it('announces a new version as changed, a grant ending soon as expiring, and no approver reminder', async () => {
    const feed = new InMemoryChangeFeed();
    const announcer = new ChangeAnnouncer(feed);
    await announcer.requestChanged({ id: 'cs-aaaaaaaaaa', version: 3 });
    await announcer.grantExpiringSoon({ id: 'cs-aaaaaaaaaa', version: 4 });
    await announcer.remindApprovers();
    assert.deepEqual(feed.published, [
      { kind: 'changed', requestId: 'cs-aaaaaaaaaa', version: 3 },
      { kind: 'expiring', requestId: 'cs-aaaaaaaaaa', version: 4 },
    ]);
  });
});
