import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { UserFacingError } from '../../../../src/core/errors.ts';
import { MAX_DURATION_SECONDS } from '../../../../src/core/requests/duration.ts';
import { COMMAND_PREFIX } from '../../../../src/core/requests/examples.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import { REQUEST_ERROR_CODES } from '../../../../src/core/requests/request-error.ts';
import { isRequestId } from '../../../../src/core/requests/request-id.ts';
import type { ChatRequest, Command } from '../../../../src/core/requests/request-types.ts';
import { isDns1123Label, objectNameProblem } from '../../../../src/core/requests/validate-names.ts';
import { VOCABULARY, validCase } from './command-arbitraries.ts';

const ROUND_TRIP_RUNS = 4000;
const MUTATION_RUNS = 4000;
const SOUP_RUNS = 4000;

function checkChange(request: ChatRequest, reasonRequired: boolean): void {
  assert.equal(request.reason, request.reason.trim());
  assert.ok([...request.reason].length <= 500);
  if (reasonRequired) assert.notEqual(request.reason, '');
  if (request.breakGlass) assert.ok(request.incident);
  if (request.type === 'action') {
    const { target } = request;
    assert.equal(objectNameProblem(target.kind, target.name), undefined);
    assert.equal(target.namespace !== undefined, target.kind.namespaced);
    if (target.namespace !== undefined) assert.ok(isDns1123Label(target.namespace));
    if (request.verb === 'scale') assert.ok(Number.isInteger(request.replicas) && request.replicas <= 1000);
    if (request.verb === 'patch')
      assert.ok(typeof request.patch === 'object' && !Array.isArray(request.patch));
  } else {
    assert.equal(
      request.namespace === undefined,
      request.grant.kind === 'role' && request.grant.scope === 'cluster',
    );
    if (request.namespace !== undefined) assert.ok(isDns1123Label(request.namespace));
    assert.ok(request.durationSeconds >= 1 && request.durationSeconds <= MAX_DURATION_SECONDS);
    if (request.grant.kind === 'rules') {
      assert.ok(request.grant.rules.length > 0);
      for (const rule of request.grant.rules) assert.ok(rule.verbs.length > 0 && rule.resources.length > 0);
    }
  }
}

function checkCommand(command: Command): void {
  if (command.type === 'action' || command.type === 'access') checkChange(command, true);
  if (command.type === 'explain') checkChange(command.request, false);
  if ('id' in command && command.id !== undefined) assert.ok(isRequestId(command.id));
}

const examplesParse = new Map<string, boolean>();

/** Parses `text` and proves the only outcomes are a sound command or a well-formed UserFacingError. */
function parsesOrRefuses(text: string): void {
  let command: Command;
  try {
    command = parseCommand(text);
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    assert.ok((REQUEST_ERROR_CODES as readonly string[]).includes(error.code), error.code);
    assert.ok(error.message.length > 0);
    const example = error.example ?? '';
    if (!examplesParse.has(example)) {
      examplesParse.set(example, true);
      parseCommand(example.slice(COMMAND_PREFIX.length + 1));
    }
    return;
  }
  checkCommand(command);
}

const chunks = (text: string): string[] => text.split(/(\s+)/);
const mutation = fc.oneof(
  fc.nat().map((n) => (t: string) => {
    const c = chunks(t);
    c.splice(n % c.length, 1);
    return c.join('');
  }),
  fc.nat().map((n) => (t: string) => {
    const c = chunks(t);
    c.splice(n % c.length, 0, c[n % c.length] ?? '', ' ');
    return c.join('');
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (t: string) => {
    const c = chunks(t);
    const i = a % c.length;
    const j = b % c.length;
    [c[i], c[j]] = [c[j]!, c[i]!];
    return c.join('');
  }),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 12 })).map(([n, s]) => (t: string) => {
    const at = n % (t.length + 1);
    return t.slice(0, at) + s + t.slice(at);
  }),
  fc
    .tuple(fc.nat(), fc.constantFrom('"', "'", '“', '”', '‘', '’', '„', '\\', '=', '-', '--', '/', ','))
    .map(([n, q]) => (t: string) => {
      const at = n % (t.length + 1);
      return t.slice(0, at) + q + t.slice(at);
    }),
  fc.tuple(fc.nat(), fc.integer({ min: 100, max: 25_000 })).map(([n, size]) => (t: string) => {
    const at = n % (t.length + 1);
    return t.slice(0, at) + 'x'.repeat(size) + t.slice(at);
  }),
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  fc.constant((t: string) => t.toUpperCase()),
);

describe('parseCommand, property-based', () => {
  test(`${ROUND_TRIP_RUNS} generated valid commands parse to the expected typed request`, () => {
    fc.assert(
      fc.property(validCase, ({ text, expected }) => {
        assert.deepEqual(parseCommand(text), expected);
      }),
      { numRuns: ROUND_TRIP_RUNS },
    );
  });

  test(`${MUTATION_RUNS} mutated valid commands either parse soundly or raise a UserFacingError`, () => {
    fc.assert(
      fc.property(validCase, fc.array(mutation, { minLength: 1, maxLength: 3 }), ({ text }, mutations) => {
        parsesOrRefuses(mutations.reduce((t, m) => m(t), text));
      }),
      { numRuns: MUTATION_RUNS },
    );
  });

  test(`${SOUP_RUNS} token soups from the grammar's vocabulary never escape as anything else`, () => {
    const token = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...VOCABULARY) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
    );
    const separator = fc.constantFrom(' ', '\t', '\n', '', '=', '/', ',');
    fc.assert(
      fc.property(fc.array(fc.tuple(token, separator), { maxLength: 16 }), (pieces) => {
        parsesOrRefuses(pieces.map(([t, s]) => t + s).join(''));
      }),
      { numRuns: SOUP_RUNS },
    );
  });
});
