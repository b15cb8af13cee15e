-- Names a room in Kazakh, Russian and English, audited in the center's
-- stream. `name` (what older readers print) follows the Russian name.
-- KEYS: 1 room, 2 audit stream, 3 audit head
-- ARGV: 1 name in Kazakh, 2 in Russian, 3 in English, 4 actor
--#include audit
--#include reply
if redis.call('EXISTS', KEYS[1]) == 0 then return refuse('room_not_found') end
local now = now_ms()
local roomId = redis.call('HGET', KEYS[1], 'id')
local before = redis.call('HMGET', KEYS[1], 'name', 'nameKk', 'nameRu', 'nameEn')
redis.call('HSET', KEYS[1], 'name', ARGV[2], 'nameKk', ARGV[1],
  'nameRu', ARGV[2], 'nameEn', ARGV[3])
audit_append(KEYS[2], KEYS[3], now, ARGV[4], 'room.renamed', 'room:' .. roomId,
  cjson.encode({
    before = { name = before[1] or '', kk = before[2] or '',
      ru = before[3] or '', en = before[4] or '' },
    kk = ARGV[1], ru = ARGV[2], en = ARGV[3] }))
return accept({ renamedAt = now })
