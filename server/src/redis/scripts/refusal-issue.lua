-- Records a written refusal and gives it its registration number
-- REF-<year>-<000001>: the next of the year's counter (the year in the
-- center's zone, by Redis time), never reused and never wrapping (a
-- millionth refusal gets seven digits). Stores, indexes and audits in the
-- same step, so a number is never without its record or its audit entry.
-- KEYS: 1 refusal, 2 yearly counters (hash), 3 number → id (hash),
--       4 slot's refusals (zset), 5 center's refusals (zset), 6 all
--       refusals (zset), 7 audit stream, 8 audit head
-- ARGV: 1 refusal id, 2 record JSON (flat string fields), 3 the zone's
--       UTC offset in minutes, 4 actor, 5 audit data JSON, 6 request key,
--       7 its fingerprint ('' and '' without a request id: _request.lua)
--#include audit
--#include reply
--#include request
local replay = request_replay(ARGV[6], ARGV[7])
if replay then return replay end
if redis.call('EXISTS', KEYS[1]) == 1 then return refuse('refusal_id_taken') end

-- The civil year of a day count since 1970-01-01 (H. Hinnant's algorithm).
local function year_of(ms)
  local z = math.floor(ms / 86400000) + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) +
    math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local year = yoe + era * 400
  if mp >= 10 then year = year + 1 end
  return year
end

local now = now_ms()
local year = year_of(now + tonumber(ARGV[3]) * 60000)
local serial = redis.call('HINCRBY', KEYS[2], tostring(year), 1)
local number = string.format('REF-%04d-%06d', year, serial)

local record = cjson.decode(ARGV[2])
for field, value in pairs(record) do
  redis.call('HSET', KEYS[1], field, value)
end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'number', number, 'issuedAt', now)
redis.call('HSET', KEYS[3], number, ARGV[1])
redis.call('ZADD', KEYS[4], now, ARGV[1])
redis.call('ZADD', KEYS[5], now, ARGV[1])
redis.call('ZADD', KEYS[6], now, ARGV[1])

local data = cjson.decode(ARGV[5])
data.number = number
audit_append(KEYS[7], KEYS[8], now, ARGV[4], 'refusal.issued',
  'refusal:' .. ARGV[1], cjson.encode(data))
return request_finish(ARGV[6], ARGV[7],
  accept({ id = ARGV[1], number = number, issuedAt = now }))
