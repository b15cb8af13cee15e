-- Queues one message to a candidate, once: its id is derived from the
-- booking, the kind and a key, so queueing the same message again (a
-- repeated request, a job run twice) finds it and changes nothing.
-- KEYS: 1 message, 2 booking's messages, 3 outbox (all), 4 center's
--       outbox, 5 audit stream, 6 head
-- ARGV: 1 message id, 2 message JSON (bookingId slotId centerId kind key
--       channel to language subject text secretSubject secretText)
--#include audit
--#include reply
local existing = redis.call('HGET', KEYS[1], 'state')
if existing then return accept({ created = false, state = existing }) end
local m = cjson.decode(ARGV[2])
local now = now_ms()
local fields = { 'id', ARGV[1], 'state', 'queued', 'attempts', 0,
  'roundAttempts', 0, 'queuedAt', now }
for _, name in ipairs({ 'bookingId', 'slotId', 'centerId', 'kind', 'key',
    'channel', 'to', 'language', 'subject', 'text', 'secretSubject',
    'secretText' }) do
  local value = m[name]
  if type(value) == 'string' and value ~= '' then
    fields[#fields + 1] = name
    fields[#fields + 1] = value
  end
end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], now, ARGV[1])
redis.call('ZADD', KEYS[4], now, ARGV[1])
audit_append(KEYS[5], KEYS[6], now, 'system:notifications', 'message.queued',
  'booking:' .. m.bookingId, cjson.encode({ messageId = ARGV[1],
  kind = m.kind, channel = m.channel, language = m.language }))
return accept({ created = true, state = 'queued' })
