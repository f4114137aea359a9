import { LuaScript } from './lua-script.ts';

/**
 * Takes or renews the lease on one audit sink destination. KEYS[1] the lease; ARGV
 * token, TTL in milliseconds. Replies 1 when this token holds the lease afterwards
 * (taken while free, or renewed), 0 when another replica holds it.
 */
export const holdLeaseScript = new LuaScript(`
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
return 1
`);

/** Gives up the lease. KEYS[1] the lease; ARGV token. Deletes it only while this token holds it. */
export const releaseLeaseScript = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`);

/**
 * Moves a destination's cursor forward. KEYS[1] the lease, KEYS[2] the cursor; ARGV
 * token, seq, stream ID of the last record acknowledged. Replies 0 (changing nothing)
 * when the token no longer holds the lease, so a replica that lost it cannot move the
 * cursor; otherwise raises the cursor (never lowers it) and replies 1.
 */
export const advanceCursorScript = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local current = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
if tonumber(ARGV[2]) > current then
  redis.call('HSET', KEYS[2], 'seq', ARGV[2], 'id', ARGV[3])
end
return 1
`);

/**
 * Records an audit checkpoint that was logged. KEYS[1] the checkpoint hash; ARGV seq,
 * hash. Only raises it, so a replica that read an older head cannot lower it.
 */
export const raiseCheckpointScript = new LuaScript(`
local current = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if tonumber(ARGV[1]) > current then
  redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'hash', ARGV[2])
end
return 1
`);

/**
 * Trims the audit stream so it starts at one record. KEYS[1] the stream, KEYS[2] the
 * trim mark; ARGV stream ID, seq and prevHash of the record to keep first. Changes
 * nothing unless the stream still holds that record with that seq and the mark is
 * behind it (trims only move forward); otherwise removes every entry before it (XTRIM
 * MINID) and writes the mark in the same step. Replies the number of entries removed.
 */
export const trimStreamScript = new LuaScript(`
local entry = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])[1]
if not entry then return 0 end
local seq = nil
for i = 1, #entry[2], 2 do
  if entry[2][i] == 'seq' then seq = entry[2][i + 1] end
end
if seq ~= ARGV[2] then return 0 end
local marked = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
if tonumber(ARGV[2]) <= marked then return 0 end
local removed = redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
redis.call('HSET', KEYS[2], 'seq', ARGV[2], 'prevHash', ARGV[3], 'id', ARGV[1])
return removed
`);
