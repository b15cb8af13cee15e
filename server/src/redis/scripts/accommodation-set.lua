-- Sets the accommodation on a candidate (by IIN), audited.
-- KEYS: 1 accommodation, 2 audit stream (network), 3 audit head
-- ARGV: 1 iin, 2 extraMinutes, 3 note, 4 approvedBy, 5 setBy,
--       6 setByName, 7 actor
--#include audit
--#include reply
local now = now_ms()
redis.call('HSET', KEYS[1], 'extraMinutes', ARGV[2], 'note', ARGV[3],
  'approvedBy', ARGV[4], 'setBy', ARGV[5], 'setByName', ARGV[6],
  'setAt', now)
audit_append(KEYS[2], KEYS[3], now, ARGV[7], 'accommodation.set',
  'iin:' .. ARGV[1], cjson.encode({ extraMinutes = tonumber(ARGV[2]),
  note = ARGV[3], approvedBy = ARGV[4] }))
return accept({ setAt = now })
