-- A kiosk's connection count, kept per realtime process so that a process
-- killed without a goodbye stops counting once its liveness lapses.
-- KEYS: 1 kiosk hash, 2 live realtime processes (zset: id → alive until, ms)
-- ARGV: 1 process id, 2 delta (1 connect, -1 disconnect, 0 heartbeat), 3 now ms
-- Returns { connections now, connections before }, or {} for an unknown kiosk.
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return {} end
local now = tonumber(ARGV[3])
local delta = tonumber(ARGV[2])
local field = 'conn:' .. ARGV[1]
if delta ~= 0 then
  if redis.call('HINCRBY', key, field, delta) <= 0 then
    redis.call('HDEL', key, field)
  end
elseif redis.call('HEXISTS', key, field) == 0 then
  -- A heartbeat comes over a live socket of this process: it counts, even
  -- if a stall of the process let its liveness lapse and the count go.
  redis.call('HSET', key, field, 1)
end
redis.call('HSET', key, 'lastSeenAt', now)
local total = 0
local fields = redis.call('HGETALL', key)
for i = 1, #fields, 2 do
  local name = fields[i]
  if string.sub(name, 1, 5) == 'conn:' then
    local alive = tonumber(redis.call('ZSCORE', KEYS[2], string.sub(name, 6)) or '0')
    if alive >= now then
      total = total + math.max(0, tonumber(fields[i + 1]))
    else
      redis.call('HDEL', key, name)
    end
  end
end
local before = tonumber(redis.call('HGET', key, 'connections') or '0') or 0
redis.call('HSET', key, 'connections', total)
return { total, before }
