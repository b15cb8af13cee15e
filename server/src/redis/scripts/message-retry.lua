-- Queues a failed message again for a new round of attempts (a staff
-- member's retry), audited. A message not failed is left as it is; one
-- whose address the purge removed is refused.
-- KEYS: 1 message, 2 audit stream, 3 head
-- ARGV: 1 message id, 2 actor
--#include audit
--#include reply
local f = redis.call('HMGET', KEYS[1], 'state', 'bookingId', 'kind',
  'channel', 'to')
if not f[1] then return refuse('message_not_found') end
if f[1] ~= 'failed' then return accept({ retried = false, state = f[1] }) end
-- The retention purge removed the address: there is nobody to send to.
if not f[5] or f[5] == '' then return refuse('message_anonymized') end
local now = now_ms()
redis.call('HSET', KEYS[1], 'state', 'queued', 'roundAttempts', 0)
redis.call('HDEL', KEYS[1], 'failedAt')
audit_append(KEYS[2], KEYS[3], now, ARGV[2], 'message.retried',
  'booking:' .. f[2], cjson.encode({ messageId = ARGV[1], kind = f[3],
  channel = f[4] }))
return accept({ retried = true, state = 'queued' })
