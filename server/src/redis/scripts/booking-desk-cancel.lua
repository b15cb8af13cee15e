-- The desk cancels a booking for the person in front of it (their ID
-- document checked): past the public cutoff too, until admission or the
-- end of the slot's late admission, and frees the seat exactly once.
-- KEYS: 1 booking, 2 its slot, 3 slot's IIN index, 4 audit stream, 5 head
-- ARGV: 1 bookingId, 2 actor, 3 the person's IIN (the booking must be
--       theirs), 4 slotId the caller read (a booking moved meanwhile is
--       refused `booking_moved`: read it again), 5 document JSON
--       {kind, last4}, 6 request key, 7 its fingerprint ('' and ''
--       without a request id: _request.lua)
--#include audit
--#include reply
--#include request
local replay = request_replay(ARGV[6], ARGV[7])
if replay then return replay end
local f = redis.call('HMGET', KEYS[1], 'status', 'iin', 'slotId')
if not f[1] or f[2] ~= ARGV[3] then return refuse('booking_not_found') end
if f[3] ~= ARGV[4] then return refuse('booking_moved') end
if f[1] == 'cancelled' then return refuse('already_cancelled') end
if f[1] ~= 'booked' then
  return refuse('cancel_closed', { reason = 'status', status = f[1] })
end
local now = now_ms()
local over = hnum(KEYS[2], 'lateAdmissionCutoffAt')
if over and now >= over then
  return refuse('cancel_closed', { reason = 'over' })
end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'cancelledAt', now,
  'cancelledBy', ARGV[2])
redis.call('HINCRBY', KEYS[2], 'bookedSeats', -1)
if redis.call('HGET', KEYS[3], f[2]) == ARGV[1] then
  redis.call('HDEL', KEYS[3], f[2])
end
audit_append(KEYS[4], KEYS[5], now, ARGV[2], 'booking.cancelled',
  'booking:' .. ARGV[1], cjson.encode({ iin = f[2], desk = true,
  document = cjson.decode(ARGV[5]) }))
return request_finish(ARGV[6], ARGV[7], accept({ cancelledAt = now }))
