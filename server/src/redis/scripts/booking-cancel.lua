-- Cancels a booking that is still `booked`, before the slot's booking
-- cutoff, and frees its seat exactly once.
-- KEYS: 1 booking, 2 slot, 3 slot's IIN index, 4 audit stream, 5 head
-- ARGV: 1 bookingId, 2 actor, 3 request key, 4 its fingerprint ('' and ''
--       without a request id: _request.lua)
--#include audit
--#include reply
--#include request
local replay = request_replay(ARGV[3], ARGV[4])
if replay then return replay end
local f = redis.call('HMGET', KEYS[1], 'status', 'iin')
if not f[1] then return refuse('booking_not_found') end
if f[1] == 'cancelled' then return refuse('already_cancelled') end
if f[1] ~= 'booked' then
  return refuse('cancel_closed', { reason = 'status', status = f[1] })
end
local now = now_ms()
local cutoff = hnum(KEYS[2], 'bookingCutoffAt')
if cutoff and now >= cutoff then
  return refuse('cancel_closed', { reason = 'cutoff' })
end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'cancelledAt', now,
  'cancelledBy', ARGV[2])
redis.call('HINCRBY', KEYS[2], 'bookedSeats', -1)
if redis.call('HGET', KEYS[3], f[2]) == ARGV[1] then
  redis.call('HDEL', KEYS[3], f[2])
end
audit_append(KEYS[4], KEYS[5], now, ARGV[2], 'booking.cancelled',
  'booking:' .. ARGV[1], cjson.encode({ iin = f[2] }))
return request_finish(ARGV[3], ARGV[4], accept({ cancelledAt = now }))
