import type { FakeView } from './fake-slack-types.ts';
import { SlackMethodError, type FakeWorkspace, type Params } from './fake-workspace.ts';
import type { MethodHandler } from './method-handler.ts';
import { validateView } from './validate-view.ts';

function checkedView(params: Params, type: 'modal' | 'home'): Record<string, unknown> {
  const problems = validateView(params.view, type);
  if (problems.length > 0) throw new SlackMethodError('invalid_arguments', problems);
  return params.view as Record<string, unknown>;
}

function viewJson(workspace: FakeWorkspace, stored: FakeView): Record<string, unknown> {
  return {
    id: stored.id,
    team_id: workspace.teamId,
    app_id: 'AFAKE0001',
    bot_id: workspace.botId,
    private_metadata: '',
    callback_id: '',
    external_id: '',
    state: { values: {} },
    hash: hashOf(stored),
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: stored.id,
    previous_view_id: null,
    ...stored.view,
  };
}

const hashOf = (stored: FakeView): string => `${stored.id}.${stored.history.length}`;

function open(via: 'views.open' | 'views.push'): MethodHandler {
  return (workspace, params) => {
    workspace.useTrigger(params.trigger_id ?? params.interactivity_pointer);
    const view = checkedView(params, 'modal');
    const stored: FakeView = { id: workspace.nextViewId(), view, via, history: [] };
    workspace.views.set(stored.id, stored);
    return { view: viewJson(workspace, stored) };
  };
}

/** views.open and views.push (spend a fresh trigger_id), views.update (by view_id or external_id, hash-checked), views.publish. */
export const viewMethods: Readonly<Record<string, MethodHandler>> = {
  'views.open': open('views.open'),
  'views.push': open('views.push'),

  'views.update': (workspace, params) => {
    const stored =
      typeof params.view_id === 'string' && params.view_id !== ''
        ? workspace.views.get(params.view_id)
        : [...workspace.views.values()].find(
            (v) => v.view.external_id === params.external_id && params.external_id,
          );
    if (!stored) throw new SlackMethodError('not_found');
    if (typeof params.hash === 'string' && params.hash !== '' && params.hash !== hashOf(stored)) {
      throw new SlackMethodError('hash_conflict');
    }
    const view = checkedView(params, stored.view.type === 'home' ? 'home' : 'modal');
    stored.history.push(stored.view);
    stored.view = view;
    return { view: viewJson(workspace, stored) };
  },

  'views.publish': (workspace, params) => {
    const user = workspace.user(params.user_id);
    const view = checkedView(params, 'home');
    let stored = workspace.homeViews.find((v) => v.userId === user.id);
    if (stored) {
      stored.history.push(stored.view);
      stored.view = view;
    } else {
      stored = { id: workspace.nextViewId(), userId: user.id, view, via: 'views.publish', history: [] };
      workspace.homeViews.push(stored);
    }
    return { view: viewJson(workspace, stored) };
  },
};
