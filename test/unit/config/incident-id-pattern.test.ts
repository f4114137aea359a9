import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { issueFor, noFiles, problems } from './fixtures.ts';

void describe('COUNTERSIGN_INCIDENT_ID_PATTERN', () => {
  void test('is absent unless set (the core then accepts INC-<digits>), and kept as given', () => {
    assert.equal(loadConfig({}, noFiles).incidentIdPattern, undefined);
    const config = loadConfig({ COUNTERSIGN_INCIDENT_ID_PATTERN: 'P[A-Z0-9]{6}' }, noFiles);
    assert.equal(config.incidentIdPattern, 'P[A-Z0-9]{6}');
  });

  void test('must be a regular expression', () => {
    const issues = problems({ COUNTERSIGN_INCIDENT_ID_PATTERN: 'INC-[0-9+' });
    assert.match(issueFor(issues, 'COUNTERSIGN_INCIDENT_ID_PATTERN'), /must be a regular expression/);
  });
});
