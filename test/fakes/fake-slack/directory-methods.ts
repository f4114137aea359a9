import { SlackMethodError } from './fake-workspace.ts';
import { isTrue, type MethodHandler } from './method-handler.ts';

/** auth.test, users.info, usergroups.list and usergroups.users.list. */
export const directoryMethods: Readonly<Record<string, MethodHandler>> = {
  'auth.test': (workspace) => ({
    url: 'https://fake.slack.test/',
    team: 'Fake Workspace',
    user: 'countersign',
    team_id: workspace.teamId,
    user_id: workspace.botUserId,
    bot_id: workspace.botId,
    is_enterprise_install: false,
  }),

  'users.info': (workspace, params) => {
    const user = workspace.user(params.user);
    return {
      user: {
        id: user.id,
        team_id: workspace.teamId,
        name: user.name,
        real_name: user.realName ?? user.name,
        deleted: user.deleted ?? false,
        is_bot: false,
        profile: {
          real_name: user.realName ?? user.name,
          display_name: user.name,
          ...(user.email !== undefined && { email: user.email }),
        },
      },
    };
  },

  'usergroups.list': (workspace, params) => ({
    usergroups: [...workspace.userGroups.values()].map((g) => ({
      id: g.id,
      team_id: workspace.teamId,
      handle: g.handle,
      name: g.name ?? g.handle,
      user_count: g.users.length,
      ...(isTrue(params.include_users) && { users: [...g.users] }),
    })),
  }),

  'usergroups.users.list': (workspace, params) => {
    const group =
      typeof params.usergroup === 'string' ? workspace.userGroups.get(params.usergroup) : undefined;
    if (!group) throw new SlackMethodError('no_such_subteam');
    return { users: [...group.users] };
  },
};
