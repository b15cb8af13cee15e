-- The desk gives a booking a new code: the old one stops working in the
-- same step (only the code's hash is stored, and it is replaced). When
-- someone else made the booking, the person's own name and contact
-- replace theirs in the same step.
-- KEYS: 1 booking, 2 its slot's audit stream, 3 its head
-- ARGV: 1 bookingId, 2 actor, 3 the person's IIN (the booking must be
--       theirs), 4 slotId the caller read (a booking moved meanwhile is
--       refused `booking_moved`), 5 the new code's hash, 6 document JSON
--       {kind, last4}, 7 holder JSON {fullName, phone, email} ('' to keep
--       the booking's), 8 request key, 9 its fingerprint ('' and ''
--       without a request id: _request.lua)
-- A repeat of a request answers its first reply: the caller derives the
-- same code from the request id again (code.ts).
--#include audit
--#include reply
--#include request
local replay = request_replay(ARGV[8], ARGV[9])
if replay then return replay end
local f = redis.call('HMGET', KEYS[1], 'iin', 'slotId', 'anonymizedAt')
if not f[1] or f[1] ~= ARGV[3] then return refuse('booking_not_found') end
if f[2] ~= ARGV[4] then return refuse('booking_moved') end
if f[3] and f[3] ~= '' then return refuse('booking_anonymized') end
local now = now_ms()
redis.call('HSET', KEYS[1], 'codeHash', ARGV[5], 'codeRenewedAt', now)
local replaced = false
if ARGV[7] ~= '' then
  local holder = cjson.decode(ARGV[7])
  redis.call('HSET', KEYS[1], 'fullName', holder.fullName)
  local notify_by = 'none'
  for _, name in ipairs({ 'phone', 'email' }) do
    local value = holder[name]
    if type(value) == 'string' and value ~= '' then
      redis.call('HSET', KEYS[1], name, value)
      notify_by = name == 'email' and 'email' or
        (notify_by == 'none' and 'sms' or notify_by)
    else
      redis.call('HDEL', KEYS[1], name)
    end
  end
  redis.call('HSET', KEYS[1], 'notifyBy', notify_by)
  replaced = true
end
audit_append(KEYS[2], KEYS[3], now, ARGV[2], 'booking.code_renewed',
  'booking:' .. ARGV[1], cjson.encode({ iin = f[1],
  document = cjson.decode(ARGV[6]), holderReplaced = replaced }))
return request_finish(ARGV[8], ARGV[9], accept({ renewedAt = now }))
