import { CHAINED_WRITE_LUA } from './chained-write-lua.ts';
import { LuaScript } from './lua-script.ts';

/**
 * Compare-and-set of one request record together with its indexes and audit records,
 * all or nothing. Own keys: the record, the requester's open set, active grants,
 * unreviewed break-glass runs, in-flight requests, pending requests by next timer,
 * then the pending set of each approver group. Own arguments: expected stored version
 * (0: must not exist), record JSON, request ID, then the open, pending, active,
 * unreviewed break-glass, in-flight and pending-due scores (`''`: not in that index). Replies `{1}` written, `{0}` version conflict (nothing written), or a head
 * conflict.
 */
export const writeRequestScript = new LuaScript(`${CHAINED_WRITE_LUA}
if alreadyApplied() then return {1} end
local stored = redis.call('GET', ownKey(1))
local version = 0
if stored then version = cjson.decode(stored).version end
if version ~= tonumber(ownArg(1)) then return {0} end
local conflict = headConflict()
if conflict then return conflict end
local id = ownArg(3)
local function place(key, score)
  if score == '' then redis.call('ZREM', key, id) else redis.call('ZADD', key, score, id) end
end
redis.call('SET', ownKey(1), ownArg(2))
place(ownKey(2), ownArg(4))
place(ownKey(3), ownArg(6))
place(ownKey(4), ownArg(7))
place(ownKey(5), ownArg(8))
place(ownKey(6), ownArg(9))
for k = 7, ownKeyCount do place(ownKey(k), ownArg(5)) end
appendAndMark()
return {1}
`);
