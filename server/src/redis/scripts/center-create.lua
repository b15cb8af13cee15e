-- Creates a center, audited in the network stream.
-- KEYS: 1 center, 2 centers index, 3 audit stream, 4 audit head
-- ARGV: 1 centerId, 2-4 name kk/ru/en, 5-7 address kk/ru/en, 8 timezone,
--       9 actor, 10 schedule JSON or '', 11 accessibility JSON or '',
--       12 region JSON or ''
--#include audit
--#include reply
local now = now_ms()
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'nameKk', ARGV[2],
  'nameRu', ARGV[3], 'nameEn', ARGV[4], 'addressKk', ARGV[5],
  'addressRu', ARGV[6], 'addressEn', ARGV[7], 'timezone', ARGV[8],
  'createdAt', now)
if ARGV[10] ~= '' then redis.call('HSET', KEYS[1], 'schedule', ARGV[10]) end
if ARGV[11] ~= '' then redis.call('HSET', KEYS[1], 'accessibility', ARGV[11]) end
if ARGV[12] ~= '' then redis.call('HSET', KEYS[1], 'region', ARGV[12]) end
redis.call('ZADD', KEYS[2], now, ARGV[1])
audit_append(KEYS[3], KEYS[4], now, ARGV[9], 'center.created',
  'center:' .. ARGV[1], cjson.encode({ name = ARGV[4], timezone = ARGV[8] }))
return accept({ createdAt = now })
