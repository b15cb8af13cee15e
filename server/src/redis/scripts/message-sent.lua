-- Records a message delivered, once: a second delivery report (a job run
-- twice) changes nothing. The unmasked text (it may hold a booking code)
-- is dropped: only what staff may see is kept.
-- KEYS: 1 message, 2 audit stream, 3 head
-- ARGV: 1 message id
--#include audit
--#include reply
local f = redis.call('HMGET', KEYS[1], 'state', 'bookingId', 'kind',
  'channel')
if not f[1] then return refuse('message_not_found') end
if f[1] == 'sent' then return accept({ recorded = false }) end
local now = now_ms()
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('HSET', KEYS[1], 'state', 'sent', 'sentAt', now)
redis.call('HDEL', KEYS[1], 'secretSubject', 'secretText', 'failedAt')
audit_append(KEYS[2], KEYS[3], now, 'system:notifications', 'message.sent',
  'booking:' .. f[2], cjson.encode({ messageId = ARGV[1], kind = f[3],
  channel = f[4], attempts = attempts }))
return accept({ recorded = true })
