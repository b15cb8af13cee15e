-- Creates a slot: in the future (Redis time), with no more seats than the
-- room has, and not overlapping another open slot in the same room.
-- KEYS: 1 slot, 2 room, 3 room's seats, 4 room's slots, 5 slots by start,
--       6 slot audit stream, 7 slot audit head
-- ARGV: 1 slotId, 2 roomId, 3 programId, 4 startsAt, 5 endsAt,
--       6 bookingCutoffAt, 7 lateAdmissionCutoffAt, 8 seatsOffered,
--       9 actor, 10 slot key prefix
--#include audit
--#include reply
local centerId = redis.call('HGET', KEYS[2], 'centerId')
if not centerId then return refuse('room_not_found') end
local now = now_ms()
local startsAt, endsAt = tonumber(ARGV[4]), tonumber(ARGV[5])
if startsAt <= now then return refuse('starts_in_past', { now = now }) end
local roomSeats = redis.call('HLEN', KEYS[3])
if tonumber(ARGV[8]) > roomSeats then
  return refuse('seats_exceed_room', { roomSeats = roomSeats })
end
-- No slot lasts a day, so earlier starts than that cannot overlap.
local near = redis.call('ZRANGEBYSCORE', KEYS[4], startsAt - 86400000,
  '(' .. ARGV[5])
for _, otherId in ipairs(near) do
  local other = redis.call('HMGET', ARGV[10] .. otherId, 'startsAt',
    'endsAt', 'status')
  if other[3] == 'open' and tonumber(other[2]) > startsAt
    and tonumber(other[1]) < endsAt then
    return refuse('room_busy', { slotId = otherId })
  end
end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'centerId', centerId,
  'roomId', ARGV[2], 'programId', ARGV[3], 'startsAt', ARGV[4],
  'endsAt', ARGV[5], 'bookingCutoffAt', ARGV[6],
  'lateAdmissionCutoffAt', ARGV[7], 'seatsOffered', ARGV[8],
  'bookedSeats', 0, 'status', 'open', 'createdAt', now, 'createdBy', ARGV[9])
redis.call('ZADD', KEYS[4], startsAt, ARGV[1])
redis.call('ZADD', KEYS[5], startsAt, ARGV[1])
audit_append(KEYS[6], KEYS[7], now, ARGV[9], 'slot.created',
  'slot:' .. ARGV[1], cjson.encode({ roomId = ARGV[2], programId = ARGV[3],
  startsAt = startsAt, seatsOffered = tonumber(ARGV[8]) }))
return accept({ createdAt = now, centerId = centerId })
