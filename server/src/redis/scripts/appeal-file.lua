-- Files an appeal: the result is official, the window (closing instant
-- computed from the center's working-day calendar) has not closed by Redis
-- time, and the attempt has no open appeal. Writes, indexes, counts and
-- audits in one step, so two filings at once cannot both succeed.
-- KEYS: 1 appeal, 2 attempt's open appeal, 3 attempt's appeals list,
--       4 all appeals (zset), 5 item's appeals (set), 6 stats, 7 attempt,
--       8 audit stream, 9 audit head
-- ARGV: 1 appeal JSON (id attemptId bookingId programId slotId grounds
--       itemId text), 2 closesAt (epoch ms), 3 actor
--#include audit
--#include reply
local a = cjson.decode(ARGV[1])
local now = now_ms()
if not redis.call('HGET', KEYS[7], 'officialAt') then
  return refuse('not_official')
end
if now >= tonumber(ARGV[2]) then
  return refuse('window_closed', { closedAt = tonumber(ARGV[2]) })
end
local open = redis.call('GET', KEYS[2])
if open then return refuse('duplicate', { appealId = open }) end
redis.call('HSET', KEYS[1], 'id', a.id, 'attemptId', a.attemptId,
  'bookingId', a.bookingId, 'programId', a.programId, 'slotId', a.slotId,
  'grounds', a.grounds, 'itemId', a.itemId, 'text', a.text,
  'status', 'filed', 'filedAt', now, 'closesAt', ARGV[2])
redis.call('SET', KEYS[2], a.id)
redis.call('RPUSH', KEYS[3], a.id)
redis.call('ZADD', KEYS[4], now, a.id)
if a.itemId ~= '' then redis.call('SADD', KEYS[5], a.id) end
redis.call('HINCRBY', KEYS[6], 'filed', 1)
audit_append(KEYS[8], KEYS[9], now, ARGV[3], 'appeal.filed',
  'appeal:' .. a.id, cjson.encode({ attemptId = a.attemptId,
  bookingId = a.bookingId, grounds = a.grounds, itemId = a.itemId }))
return accept({ filedAt = now })
