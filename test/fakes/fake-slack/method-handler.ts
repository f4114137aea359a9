import type { FakeWorkspace, Params } from './fake-workspace.ts';

/** One Web API method: reads arguments, changes the workspace, returns the `ok: true` body's other fields. */
export type MethodHandler = (workspace: FakeWorkspace, params: Params) => Record<string, unknown>;

/** True for Slack's spellings of a true flag in a form or JSON body. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}
