/**
 * The Lua scripts the coordinator runs. Each runs atomically in Redis, with Redis's own clock, so
 * replicas neither race (no read-modify-write from outside) nor depend on their clocks agreeing.
 */

/**
 * Takes one request of a space's budget: a sliding window kept as a sorted set of request times.
 * KEYS[1] window set. ARGV: requests, interval ms, unique member. Returns 0, or ms until a request frees up.
 */
export const TAKE_REQUEST = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local interval = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], interval)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + interval - now)
`;

/**
 * Adds a replica's occurrences of a signature; the first replica without a live reporter becomes it.
 * KEYS: total, shown, reporter, replicas. ARGV: occurrences, replica id, window ms, lease ms (how long
 * a reporter stays reporter without reporting again: one that died is replaced after it).
 * Returns {reporter 0/1, others' occurrences not shown yet (for the reporter, who now shows them), total,
 * replicas, whether the fleet had already shown the signature in the window (its thread has its full report)}.
 */
export const REPORT = `
local occurrences = tonumber(ARGV[1])
local me = ARGV[2]
local window = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
local total = redis.call('INCRBY', KEYS[1], occurrences)
redis.call('PEXPIRE', KEYS[1], 2 * window)
if occurrences > 0 then redis.call('SADD', KEYS[4], me) end
redis.call('PEXPIRE', KEYS[4], window)
local replicas = redis.call('SCARD', KEYS[4])
local reporter = redis.call('GET', KEYS[3])
if reporter == false then
  redis.call('SET', KEYS[3], me, 'PX', lease)
  reporter = me
end
local shown_before = tonumber(redis.call('GET', KEYS[2]) or '0')
local opened = shown_before > 0 and 1 or 0
if reporter ~= me then return {0, 0, total, replicas, opened} end
redis.call('PEXPIRE', KEYS[3], lease)
local shown = shown_before + occurrences
redis.call('SET', KEYS[2], total, 'PX', 2 * window)
return {1, total - shown, total, replicas, opened}
`;

/**
 * Gives up reporting a signature; the next replica to report it takes over.
 * KEYS: total, shown, reporter, replicas. ARGV: replica id.
 * Returns {1, others' occurrences not shown yet, total, replicas, 1}, or {0, 0, 0, 0, 0} when it was not the reporter.
 */
export const RELEASE = `
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return {0, 0, 0, 0, 0} end
local total = tonumber(redis.call('GET', KEYS[1]) or '0')
local shown = tonumber(redis.call('GET', KEYS[2]) or '0')
redis.call('SET', KEYS[2], total, 'KEEPTTL')
redis.call('DEL', KEYS[3])
return {1, total - shown, total, redis.call('SCARD', KEYS[4]), 1}
`;
