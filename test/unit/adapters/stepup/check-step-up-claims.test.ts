import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkStepUpClaims,
  type StepUpRequirements,
} from '../../../../src/adapters/stepup/check-step-up-claims.ts';
import type { SignedInIdentity } from '../../../../src/adapters/stepup/signed-in-identity.ts';
import { StepUpFailedError } from '../../../../src/adapters/stepup/step-up-failure.ts';

const CLICK = Date.UTC(2026, 2, 3, 10, 0, 0, 400);

const identity = (overrides: Partial<SignedInIdentity> = {}): SignedInIdentity => ({
  issuer: 'https://id.example.com',
  subject: 'sub-bob',
  acr: 'urn:mfa',
  amr: ['pwd', 'otp', 'mfa'],
  authTime: CLICK + 20_000,
  emailVerified: true,
  email: 'bob@example.com',
  ...overrides,
});

const needs = (overrides: Partial<StepUpRequirements> = {}): StepUpRequirements => ({
  requiredAcr: 'urn:mfa',
  requiredAmr: ['mfa'],
  clickedAt: CLICK,
  now: CLICK + 30_000,
  toleranceMs: 0,
  ...overrides,
});

const failsWith = (code: string, message: RegExp) => (error: unknown) =>
  error instanceof StepUpFailedError && error.code === code && message.test(error.message);

describe('checkStepUpClaims', () => {
  test('a fresh sign-in with the required acr and amr becomes evidence', () => {
    assert.deepEqual(checkStepUpClaims(identity(), needs()), {
      issuer: 'https://id.example.com',
      subject: 'sub-bob',
      acr: 'urn:mfa',
      amr: ['pwd', 'otp', 'mfa'],
      authTime: CLICK + 20_000,
    });
  });

  test('auth_time counts from the second of the click, since tokens carry whole seconds', () => {
    const sameSecond = identity({ authTime: Math.floor(CLICK / 1000) * 1000 });
    assert.equal(checkStepUpClaims(sameSecond, needs()).authTime, sameSecond.authTime);
    assert.throws(
      () => checkStepUpClaims(identity({ authTime: Math.floor(CLICK / 1000) * 1000 - 1000 }), needs()),
      failsWith('step_up_not_fresh', /reused a sign-in/),
    );
  });

  test('a sign-in before the click is refused unless within the clock tolerance', () => {
    const early = identity({ authTime: CLICK - 3000 });
    assert.throws(
      () => checkStepUpClaims(early, needs()),
      failsWith('step_up_not_fresh', /reused a sign-in/),
    );
    assert.equal(checkStepUpClaims(early, needs({ toleranceMs: 5000 })).authTime, CLICK - 3000);
  });

  test('no auth_time, or one in the future, is refused', () => {
    assert.throws(
      () => checkStepUpClaims(identity({ authTime: undefined }), needs()),
      failsWith('step_up_not_fresh', /no auth_time/),
    );
    assert.throws(
      () => checkStepUpClaims(identity({ authTime: CLICK + 60_000 }), needs()),
      failsWith('step_up_not_fresh', /future/),
    );
  });

  test('a different or missing acr is refused, naming both levels', () => {
    assert.throws(
      () => checkStepUpClaims(identity({ acr: 'urn:pwd' }), needs()),
      failsWith('step_up_acr', /"urn:pwd".*"urn:mfa" is required/),
    );
    const noAcr = identity({ acr: undefined });
    assert.throws(() => checkStepUpClaims(noAcr, needs()), failsWith('step_up_acr', /"none"/));
    assert.equal(checkStepUpClaims(noAcr, needs({ requiredAcr: undefined })).acr, undefined);
  });

  test('every required amr must be listed; the message names the missing ones', () => {
    assert.throws(
      () => checkStepUpClaims(identity({ amr: ['pwd'] }), needs({ requiredAmr: ['mfa', 'hwk'] })),
      failsWith('step_up_amr', /used pwd, but mfa and hwk is required/),
    );
    assert.throws(
      () => checkStepUpClaims(identity({ amr: [] }), needs()),
      failsWith('step_up_amr', /no listed method/),
    );
    assert.deepEqual(checkStepUpClaims(identity({ amr: ['pwd'] }), needs({ requiredAmr: [] })).amr, ['pwd']);
  });
});
