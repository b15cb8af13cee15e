-- One realtime process's heartbeat (every OUTAGE_BEAT_MS). A beat says some
-- process serves the kiosks; a gap longer than the detection threshold was
-- an outage: no realtime process alive, or Redis unreachable. The first beat
-- after it records the gap, atomically, so only one process records it.
-- While one of several processes is down the others keep beating: no gap.
-- KEYS: 1 outage:beat, 2 outages (ids by start), 3 outages:uncredited,
--       4 outage:seq, 5 audit:network, 6 audit:network:head
-- ARGV: 1 detection threshold ms, 2 minimum creditable outage ms,
--       3 process id
--#include audit
local now = now_ms()
local last = tonumber(redis.call('GET', KEYS[1]) or '')
redis.call('SET', KEYS[1], now)
-- A fresh install has no beat yet, and a clock stepped back is no outage.
if not last or now - last <= tonumber(ARGV[1]) then
  return cjson.encode({ now = now, pending = redis.call('SCARD', KEYS[3]) })
end

local id = tostring(redis.call('INCR', KEYS[4]))
local duration = now - last
-- Shorter than anyone is credited for: recorded, with nothing to credit.
local creditable = duration > tonumber(ARGV[2])
redis.call('HSET', 'outage:' .. id, 'id', id, 'startedAt', last,
  'endedAt', now, 'durationMs', duration,
  'creditable', creditable and '1' or '0', 'recordedBy', ARGV[3])
if creditable then
  redis.call('SADD', KEYS[3], id)
else
  redis.call('HSET', 'outage:' .. id, 'creditedAt', now, 'credited', 0)
end
redis.call('ZADD', KEYS[2], last, id)
audit_append(KEYS[5], KEYS[6], now, 'system:outage', 'outage.recorded',
  'outage:' .. id, cjson.encode({ startedAt = last, endedAt = now,
    durationMs = duration, creditable = creditable }))
return cjson.encode({ now = now, pending = redis.call('SCARD', KEYS[3]),
  recorded = { id = id, startedAt = last, endedAt = now,
    durationMs = duration, creditable = creditable } })
