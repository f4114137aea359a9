/**
 * Lua shared by every script that appends to the audit chain (prepended to each), and
 * the argument layout {@link ChainedWriter} fills in:
 *
 * - KEYS[1] audit stream, KEYS[2] audit head, KEYS[3] this write's done-marker, KEYS[3+i] the
 *   per-request list of stream IDs for record i's request; then the script's own (`ownKey(1)`...).
 * - ARGV[1] expected head seq (`0` for an empty chain), ARGV[2] expected head hash (`''` when empty),
 *   ARGV[3] number of records n, ARGV[4] JSON of the last new record, ARGV[5] done-marker TTL (s),
 *   ARGV[6 .. 5+4n] each record's seq, prevHash, hash and event JSON; then the script's own (`ownArg(1)`...).
 *
 * `headConflict()` returns `{2, seq, hash, record}` (the real head) when another writer
 * moved the head; the caller re-links its records after that head and tries again.
 * The done-marker makes a script resent after a dropped connection a no-op that still
 * answers "applied". Every check runs before the first write.
 */
export const CHAINED_WRITE_LUA = `
local recordCount = tonumber(ARGV[3])
local function ownArg(i) return ARGV[5 + 4 * recordCount + i] end
local function ownKey(i) return KEYS[3 + recordCount + i] end
local ownKeyCount = #KEYS - 3 - recordCount
local function alreadyApplied() return redis.call('EXISTS', KEYS[3]) == 1 end
local function headConflict()
  if recordCount == 0 then return nil end
  local head = redis.call('HMGET', KEYS[2], 'seq', 'hash', 'record')
  local seq = head[1] or '0'
  local hash = head[2] or ''
  if seq ~= ARGV[1] or hash ~= ARGV[2] then return {2, seq, hash, head[3] or ''} end
  return nil
end
local function appendAndMark()
  for i = 0, recordCount - 1 do
    local b = 6 + 4 * i
    local id = redis.call('XADD', KEYS[1], '*', 'seq', ARGV[b], 'prevHash', ARGV[b + 1], 'hash', ARGV[b + 2], 'event', ARGV[b + 3])
    redis.call('RPUSH', KEYS[4 + i], id)
  end
  if recordCount > 0 then
    local last = 6 + 4 * (recordCount - 1)
    redis.call('HSET', KEYS[2], 'seq', ARGV[last], 'hash', ARGV[last + 2], 'record', ARGV[4])
  end
  redis.call('SET', KEYS[3], '1', 'EX', ARGV[5])
end
`;
