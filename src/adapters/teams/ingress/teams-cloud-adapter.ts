import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';

/**
 * botbuilder's CloudAdapter with authentication ({@link verify}) apart from the turn
 * ({@link run}), so `/api/messages` can tell a bad token (401) from a failed turn (500).
 */
export class TeamsCloudAdapter extends CloudAdapter {
  /** Checks the request's `Authorization` header for `activity` against the configured Bot Framework. */
  verify(activity: Activity, authorization: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  /** Runs `logic` for an activity whose request {@link verify} accepted; resolves to the invoke response, if any. */
  run(
    verified: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(verified, activity, logic);
  }
}
