-- Creates a room in a center, audited in the center's stream.
-- KEYS: 1 center, 2 room, 3 center's rooms, 4 audit stream, 5 audit head
-- ARGV: 1 roomId, 2 centerId, 3 name (Russian), 4 actor, 5-7 the name in
-- Kazakh, Russian and English
--#include audit
--#include reply
if redis.call('EXISTS', KEYS[1]) == 0 then return refuse('center_not_found') end
local now = now_ms()
redis.call('HSET', KEYS[2], 'id', ARGV[1], 'centerId', ARGV[2],
  'name', ARGV[3], 'nameKk', ARGV[5], 'nameRu', ARGV[6], 'nameEn', ARGV[7],
  'createdAt', now)
redis.call('ZADD', KEYS[3], now, ARGV[1])
audit_append(KEYS[4], KEYS[5], now, ARGV[4], 'room.created',
  'room:' .. ARGV[1], cjson.encode({ centerId = ARGV[2], name = ARGV[3], nameKk = ARGV[5],
    nameRu = ARGV[6], nameEn = ARGV[7] }))
return accept({ createdAt = now })
