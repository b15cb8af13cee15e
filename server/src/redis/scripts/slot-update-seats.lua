-- Changes the seats a slot offers: not below its bookings (a booked seat
-- is never taken away), not above the room's seats.
-- KEYS: 1 slot, 2 room's seats, 3 slot audit stream, 4 slot audit head
-- ARGV: 1 slotId, 2 seatsOffered, 3 actor
--#include audit
--#include reply
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return refuse('slot_not_found') end
if status == 'cancelled' then return refuse('slot_cancelled') end
local seats = tonumber(ARGV[2])
local roomSeats = redis.call('HLEN', KEYS[2])
if seats > roomSeats then
  return refuse('seats_exceed_room', { roomSeats = roomSeats })
end
local booked = hnum(KEYS[1], 'bookedSeats') or 0
if seats < booked then
  return refuse('seats_below_booked', { bookedSeats = booked })
end
local before = hnum(KEYS[1], 'seatsOffered')
redis.call('HSET', KEYS[1], 'seatsOffered', seats)
audit_append(KEYS[3], KEYS[4], now_ms(), ARGV[3], 'slot.seats_changed',
  'slot:' .. ARGV[1], cjson.encode({ from = before, to = seats }))
return accept({ seatsOffered = seats })
