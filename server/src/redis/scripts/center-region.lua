-- Sets a center's region, audited in the network stream.
-- KEYS: 1 center, 2 audit stream, 3 audit head
-- ARGV: 1 centerId, 2 region JSON, 3 region code, 4 actor
--#include audit
--#include reply
if redis.call('EXISTS', KEYS[1]) == 0 then return refuse('center_not_found') end
local now = now_ms()
redis.call('HSET', KEYS[1], 'region', ARGV[2])
audit_append(KEYS[2], KEYS[3], now, ARGV[4], 'center.region_set',
  'center:' .. ARGV[1], cjson.encode({ region = ARGV[3] }))
return accept({ updatedAt = now })
