-- Anonymizes one decided complaint for the retention purge, once: the
-- person's name becomes the placeholder; their IIN, phone, e-mail, the
-- complaint's text and the decision's reason (either may name people) go,
-- and so do the addresses and texts of the messages sent about a complaint
-- without a booking (those of a booking go with the booking). Number,
-- category, source, center, slot, dates, state and outcome stay, so the
-- registration journal and the counts are unchanged. An open complaint is
-- refused: it is never purged. The audit entry names no person.
-- KEYS: 1 complaint, 2 its messages (list, the booking's-messages key of
--       the complaint's id: the messages of a complaint without a
--       booking), 3 audit stream, 4 audit head
-- ARGV: 1 placeholder name, 2 actor, 3 cut-off date, 4 message key prefix
--#include audit
--#include reply
local f = redis.call('HMGET', KEYS[1], 'id', 'state', 'anonymizedAt',
  'number')
if not f[1] then return refuse('not_found') end
if f[3] and f[3] ~= '' then return refuse('already_anonymized') end
if f[2] ~= 'decided' then return refuse('open') end
local now = now_ms()
redis.call('HSET', KEYS[1], 'fullName', ARGV[1], 'anonymizedAt', now)
redis.call('HDEL', KEYS[1], 'iin', 'phone', 'email', 'text', 'reason')
local messages = 0
for _, message in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  redis.call('HDEL', ARGV[4] .. message, 'to', 'subject', 'text',
    'secretSubject', 'secretText', 'lastError')
  messages = messages + 1
end
audit_append(KEYS[3], KEYS[4], now, ARGV[2], 'complaint.anonymized',
  'complaint:' .. f[1], cjson.encode({ before = ARGV[3], number = f[4],
  messages = messages }))
return accept({ at = now, messages = messages })
