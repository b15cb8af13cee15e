-- Records a failed delivery attempt of a queued message. The last attempt
-- of the round (ARGV[3]) makes it `failed`, audited; until then it stays
-- `queued` and the job retries with backoff.
-- KEYS: 1 message, 2 audit stream, 3 head
-- ARGV: 1 message id, 2 the error, 3 attempts per round
--#include audit
--#include reply
local f = redis.call('HMGET', KEYS[1], 'state', 'bookingId', 'kind',
  'channel')
if not f[1] then return refuse('message_not_found') end
if f[1] ~= 'queued' then return accept({ state = f[1] }) end
local now = now_ms()
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
local round = redis.call('HINCRBY', KEYS[1], 'roundAttempts', 1)
redis.call('HSET', KEYS[1], 'lastError', ARGV[2], 'lastAttemptAt', now)
if round < tonumber(ARGV[3]) then
  return accept({ state = 'queued', attempts = attempts })
end
redis.call('HSET', KEYS[1], 'state', 'failed', 'failedAt', now)
audit_append(KEYS[2], KEYS[3], now, 'system:notifications', 'message.failed',
  'booking:' .. f[2], cjson.encode({ messageId = ARGV[1], kind = f[3],
  channel = f[4], attempts = attempts, error = ARGV[2] }))
return accept({ state = 'failed', attempts = attempts })
