import { LuaScript } from './lua-script.ts';

/**
 * Appends a message ref (JSON) to a request's message list unless one with the same
 * platform, channel and message ID is already there. KEYS[1] the list; ARGV platform,
 * channel, message ID, ref JSON. Replies 1 when added, 0 when already present.
 */
export const addMessageScript = new LuaScript(`
local items = redis.call('LRANGE', KEYS[1], 0, -1)
for _, item in ipairs(items) do
  local ref = cjson.decode(item)
  if ref.platform == ARGV[1] and ref.channel == ARGV[2] and ref.messageId == ARGV[3] then return 0 end
end
redis.call('RPUSH', KEYS[1], ARGV[4])
return 1
`);
