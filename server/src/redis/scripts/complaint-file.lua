-- Files a complaint: a registration number from the year's counter
-- (C-<year>-<000001>, never reused), its decision deadline, the indexes and
-- the audit entry, in one step, with the client's request id once.
-- The deadline and the year come from Node (working days need the center's
-- calendar); this script picks the pair of the day it runs on, so filing
-- across midnight never gets yesterday's deadline.
-- KEYS: 1 complaint, 2 number counters (hash: year -> last), 3 open
--       complaints (zset by deadline), 4 center's complaints (zset by
--       filedAt), 5 booking's complaints (list; unused without a booking),
--       6 audit stream, 7 audit head
-- ARGV: 1 complaint JSON (id category text source bookingId slotId
--       centerId fullName iin phone email notifyBy messageLanguage
--       refusalNumber filedBy filedByName [auditScope: the center's
--       stream named in KEYS[6] when the slot is archived]), 2 dayEndsAt (epoch ms: the
--       local midnight ending the day Node saw), 3 deadline that day,
--       4 year that day, 5 deadline the day after, 6 year the day after,
--       7 actor, 8 most complaints per booking (0: no limit),
--       9 request key, 10 its fingerprint (_request.lua)
--#include audit
--#include reply
--#include request
local replay = request_replay(ARGV[9], ARGV[10])
if replay then return replay end
local c = cjson.decode(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 1 then return refuse('id_taken') end
local limit = tonumber(ARGV[8])
if c.bookingId ~= '' and limit > 0 and
    redis.call('LLEN', KEYS[5]) >= limit then
  return refuse('too_many', { limit = limit })
end
local now = now_ms()
local deadline, year = tonumber(ARGV[3]), ARGV[4]
if now >= tonumber(ARGV[2]) then
  deadline, year = tonumber(ARGV[5]), ARGV[6]
end
local sequence = redis.call('HINCRBY', KEYS[2], year, 1)
local number = string.format('C-%s-%06d', year, sequence)
redis.call('HSET', KEYS[1], 'id', c.id, 'number', number,
  'category', c.category, 'text', c.text, 'source', c.source,
  'bookingId', c.bookingId, 'slotId', c.slotId, 'centerId', c.centerId,
  'fullName', c.fullName, 'iin', c.iin, 'phone', c.phone, 'email', c.email,
  'notifyBy', c.notifyBy, 'messageLanguage', c.messageLanguage,
  'refusalNumber', c.refusalNumber, 'filedBy', c.filedBy,
  'filedByName', c.filedByName, 'state', 'open', 'filedAt', now,
  'deadlineAt', deadline)
if type(c.auditScope) == 'string' and c.auditScope ~= '' then
  redis.call('HSET', KEYS[1], 'auditScope', c.auditScope)
end
redis.call('ZADD', KEYS[3], deadline, c.id)
redis.call('ZADD', KEYS[4], now, c.id)
if c.bookingId ~= '' then redis.call('RPUSH', KEYS[5], c.id) end
audit_append(KEYS[6], KEYS[7], now, ARGV[7], 'complaint.filed',
  'complaint:' .. c.id, cjson.encode({ number = number,
  category = c.category, source = c.source, bookingId = c.bookingId,
  centerId = c.centerId, refusalNumber = c.refusalNumber,
  deadlineAt = deadline }))
return request_finish(ARGV[9], ARGV[10], accept({ id = c.id,
  number = number, filedAt = now, deadlineAt = deadline }))
