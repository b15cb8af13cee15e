-- The desk moves a booking to another slot of the same program with a free
-- seat: the booking keeps its id and code; its seat, roster entry and IIN
-- index entry go from one slot to the other, in one step, audited in both
-- slots' streams.
-- KEYS: 1 booking, 2 from slot, 3 its bookings, 4 its IIN index,
--       5 to slot, 6 its bookings, 7 its IIN index,
--       8 from audit stream, 9 its head, 10 to audit stream, 11 its head
-- ARGV: 1 bookingId, 2 actor, 3 the person's IIN (the booking must be
--       theirs), 4 from slotId (the caller read it: a booking moved
--       meanwhile is refused `booking_moved`), 5 to slotId, 6 document
--       JSON {kind, last4}, 7 request key, 8 its fingerprint ('' and ''
--       without a request id: _request.lua)
-- The target is refused as booking refuses it (slot_not_found,
-- program_mismatch, slot_closed, slot_full).
--#include audit
--#include reply
--#include booking
--#include request
local replay = request_replay(ARGV[7], ARGV[8])
if replay then return replay end
local f = redis.call('HMGET', KEYS[1], 'status', 'iin', 'slotId',
  'programId', 'createdAt')
if not f[1] or f[2] ~= ARGV[3] then return refuse('booking_not_found') end
if f[3] ~= ARGV[4] then return refuse('booking_moved') end
if f[1] ~= 'booked' then
  return refuse('move_closed', { reason = 'status', status = f[1] })
end
if ARGV[4] == ARGV[5] then return refuse('same_slot') end
local now = now_ms()
local over = hnum(KEYS[2], 'lateAdmissionCutoffAt')
if over and now >= over then
  return refuse('move_closed', { reason = 'over' })
end
local refusal, slot = check_slot_open(KEYS[5], f[4], now)
if refusal then return refusal end
if slot.booked >= slot.seats then return refuse('slot_full') end
local holder = redis.call('HGET', KEYS[7], f[2])
if holder and holder ~= ARGV[1] then return refuse('already_booked') end

redis.call('HSET', KEYS[1], 'slotId', ARGV[5], 'movedAt', now)
redis.call('HINCRBY', KEYS[2], 'bookedSeats', -1)
redis.call('HINCRBY', KEYS[5], 'bookedSeats', 1)
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[6], tonumber(f[5]) or now, ARGV[1])
if redis.call('HGET', KEYS[4], f[2]) == ARGV[1] then
  redis.call('HDEL', KEYS[4], f[2])
end
redis.call('HSET', KEYS[7], f[2], ARGV[1])
local data = cjson.encode({ iin = f[2], fromSlotId = ARGV[4],
  toSlotId = ARGV[5], document = cjson.decode(ARGV[6]) })
audit_append(KEYS[8], KEYS[9], now, ARGV[2], 'booking.moved',
  'booking:' .. ARGV[1], data)
audit_append(KEYS[10], KEYS[11], now, ARGV[2], 'booking.moved',
  'booking:' .. ARGV[1], data)
return request_finish(ARGV[7], ARGV[8], accept({ movedAt = now,
  freeSeats = slot.seats - slot.booked - 1 }))
