-- Cancels a slot, only while it holds no bookings (cancelled ones aside).
-- KEYS: 1 slot, 2 slot audit stream, 3 slot audit head
-- ARGV: 1 slotId, 2 actor
--#include audit
--#include reply
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return refuse('slot_not_found') end
if status == 'cancelled' then return refuse('slot_cancelled') end
local booked = hnum(KEYS[1], 'bookedSeats') or 0
if booked > 0 then
  return refuse('slot_has_bookings', { bookedSeats = booked })
end
local now = now_ms()
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'cancelledAt', now)
audit_append(KEYS[2], KEYS[3], now, ARGV[2], 'slot.cancelled',
  'slot:' .. ARGV[1], '{}')
return accept({ cancelledAt = now })
