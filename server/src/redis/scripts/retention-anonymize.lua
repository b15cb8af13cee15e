-- Anonymizes one booking and its attempt for the retention purge, once:
-- name, IIN, phone and e-mail go (and its messages' addresses and texts);
-- what certificate verification needs stays (the number, the result, the
-- masked IIN, the validity). The official results
-- behind the attempt's documents keep only the masked IIN. The IIN's
-- indexes forget the booking; the accommodation goes with the IIN's last
-- booking. The audit entry names no person. A booking with a complaint
-- still open is refused (its decision goes to the booking's contact).
-- KEYS: 1 booking, 2 slot's IIN index, 3 IIN's bookings, 4 attempt,
--       5 accommodation, 6 audit stream, 7 audit head, 8 the booking's
--       complaints (list), 9 open complaints (zset), 10 the booking's
--       messages (list), 11.. official results
-- ARGV: 1 masked IIN, 2 placeholder name, 3 actor, 4 cut-off date,
--       5 message key prefix
--#include audit
--#include reply
if redis.call('EXISTS', KEYS[1]) == 0 then return refuse('not_found') end
if redis.call('HGET', KEYS[1], 'anonymizedAt') then
  return refuse('already_anonymized')
end
for _, complaint in ipairs(redis.call('LRANGE', KEYS[8], 0, -1)) do
  if redis.call('ZSCORE', KEYS[9], complaint) then
    return refuse('complaint_open')
  end
end
local now = now_ms()
local id = redis.call('HGET', KEYS[1], 'id')
local iin = redis.call('HGET', KEYS[1], 'iin')
redis.call('HSET', KEYS[1], 'iin', ARGV[1], 'fullName', ARGV[2],
  'anonymizedAt', now)
redis.call('HDEL', KEYS[1], 'phone', 'email')
-- Its messages keep their kinds and states; the address and what was
-- said go.
local messages = 0
for _, message in ipairs(redis.call('LRANGE', KEYS[10], 0, -1)) do
  redis.call('HDEL', ARGV[5] .. message, 'to', 'subject', 'text',
    'secretSubject', 'secretText', 'lastError')
  messages = messages + 1
end
if redis.call('HGET', KEYS[2], iin) == id then redis.call('HDEL', KEYS[2], iin) end
redis.call('SREM', KEYS[3], id)
local accommodation = false
if redis.call('SCARD', KEYS[3]) == 0 then
  accommodation = redis.call('DEL', KEYS[5]) == 1
end
local attempt = false
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('HSET', KEYS[4], 'iin', ARGV[1], 'fullName', ARGV[2],
    'anonymizedAt', now)
  attempt = true
end
local documents = 0
for i = 11, #KEYS do
  local json = redis.call('GET', KEYS[i])
  if json then
    local result = cjson.decode(json)
    result.iin = ARGV[1]
    result.fullName = ARGV[2]
    result.anonymized = true
    redis.call('SET', KEYS[i], cjson.encode(result))
    documents = documents + 1
  end
end
audit_append(KEYS[6], KEYS[7], now, ARGV[3], 'booking.anonymized',
  'booking:' .. id, cjson.encode({ before = ARGV[4], attempt = attempt,
  officialResults = documents, accommodation = accommodation,
  messages = messages }))
return accept({ at = now, attempt = attempt, accommodation = accommodation })
