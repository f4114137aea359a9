import { SlackMethodError, type ChannelState, type FakeWorkspace } from './fake-workspace.ts';
import type { MethodHandler } from './method-handler.ts';

function channelJson(workspace: FakeWorkspace, c: ChannelState): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    is_channel: !c.isPrivate && !c.isIm,
    is_group: c.isPrivate && !c.isIm,
    is_im: c.isIm,
    is_private: c.isPrivate,
    is_archived: false,
    is_member: c.botIsMember,
    context_team_id: workspace.teamId,
  };
}

const encodeCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');
const decodeCursor = (cursor: unknown): number => {
  if (typeof cursor !== 'string' || cursor === '') return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw new SlackMethodError('invalid_cursor');
  return Number(match[1]);
};

/** conversations.open, .list (paginated by cursor) and .info. */
export const conversationMethods: Readonly<Record<string, MethodHandler>> = {
  'conversations.open': (workspace, params) => {
    const users = typeof params.users === 'string' ? params.users.split(',').filter(Boolean) : [];
    if (users.length !== 1)
      throw new SlackMethodError(users.length === 0 ? 'users_list_not_supplied' : 'not_supported');
    const user = workspace.user(users[0]);
    const existed = workspace.channels.has(`D${user.id.replace(/^[UW]/, '')}`);
    const dm = workspace.dmWith(user.id);
    return { no_op: existed, already_open: existed, channel: { id: dm.id } };
  },

  'conversations.list': (workspace, params) => {
    const types = typeof params.types === 'string' ? params.types.split(',') : ['public_channel'];
    const visible = [...workspace.channels.values()].filter((c) =>
      c.isIm
        ? types.includes('im')
        : c.isPrivate
          ? types.includes('private_channel') && c.botIsMember
          : types.includes('public_channel'),
    );
    const limit = Math.min(1000, Math.max(1, Number(params.limit ?? 100) || 100));
    const offset = decodeCursor(params.cursor);
    const page = visible.slice(offset, offset + limit);
    const next = offset + limit < visible.length ? encodeCursor(offset + limit) : '';
    return { channels: page.map((c) => channelJson(workspace, c)), response_metadata: { next_cursor: next } };
  },

  'conversations.info': (workspace, params) => {
    const channel = workspace.resolveChannel(params.channel, { byName: false });
    return { channel: channelJson(workspace, channel) };
  },
};
