-- Removes the accommodation on a candidate (by IIN), audited.
-- KEYS: 1 accommodation, 2 audit stream (network), 3 audit head
-- ARGV: 1 iin, 2 actor
--#include audit
--#include reply
if redis.call('EXISTS', KEYS[1]) == 0 then
  return refuse('accommodation_not_found')
end
local now = now_ms()
local before = redis.call('HMGET', KEYS[1], 'extraMinutes', 'approvedBy')
redis.call('DEL', KEYS[1])
audit_append(KEYS[2], KEYS[3], now, ARGV[2], 'accommodation.removed',
  'iin:' .. ARGV[1], cjson.encode({ extraMinutes = tonumber(before[1]),
  approvedBy = before[2] }))
return accept({ removedAt = now })
