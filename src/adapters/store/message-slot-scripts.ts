import { LuaScript } from './lua-script.ts';

/**
 * Claims a message slot. KEYS[1] the request's slot hash; ARGV slot field, claim
 * token, claim time, stale-before time. A slot holds either a posted message
 * (`{"messageId":…}`) or a claim (`{"token":…,"at":…}`). Replies `posted <id>` when a
 * message fills it, `busy` when a claim newer than stale-before holds it, else writes
 * this claim and replies `won`.
 */
export const claimSlotScript = new LuaScript(`
local held = redis.call('HGET', KEYS[1], ARGV[1])
if held then
  local slot = cjson.decode(held)
  if slot.messageId then return {'posted', slot.messageId} end
  if slot.token ~= ARGV[2] and tonumber(slot.at) > tonumber(ARGV[4]) then return {'busy', ''} end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({token = ARGV[2], at = tonumber(ARGV[3])}))
return {'won', ''}
`);

/**
 * Records a posted message. KEYS[1] the slot hash, KEYS[2] the request's message
 * list; ARGV slot field, message ID, ref JSON. If another message already fills the
 * slot, changes nothing and replies its ID; otherwise fills the slot, appends the ref
 * to the list and replies the message ID.
 */
export const recordSlotScript = new LuaScript(`
local held = redis.call('HGET', KEYS[1], ARGV[1])
if held then
  local slot = cjson.decode(held)
  if slot.messageId then return slot.messageId end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({messageId = ARGV[2]}))
redis.call('RPUSH', KEYS[2], ARGV[3])
return ARGV[2]
`);
