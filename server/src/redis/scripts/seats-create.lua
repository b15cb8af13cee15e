-- Adds seats to a room, all or none: labels are unique within the room.
-- KEYS: 1 room, 2 room's seats (label → seatId), 3 audit stream, 4 head,
--       5 the room's seat order, 6 its free seats (_seats.lua)
-- ARGV: 1 seat key prefix, 2 roomId, 3 actor, 4 how many seats the room
--       had when TS read it, 5 JSON: every seat id, these too, in label
--       order, then seatId, label pairs
--#include audit
--#include reply
--#include seats
local centerId = redis.call('HGET', KEYS[1], 'centerId')
if not centerId then return refuse('room_not_found') end
local seatsBefore = redis.call('HLEN', KEYS[2])
local labels = {}
for i = 6, #ARGV, 2 do
  local label = ARGV[i + 1]
  if redis.call('HEXISTS', KEYS[2], label) == 1 or labels[label] then
    return refuse('seat_label_taken', { label = label })
  end
  labels[label] = true
end
local created = {}
for i = 6, #ARGV, 2 do
  local seatId, label = ARGV[i], ARGV[i + 1]
  redis.call('HSET', ARGV[1] .. seatId, 'id', seatId, 'roomId', ARGV[2],
    'centerId', centerId, 'label', label)
  redis.call('HSET', KEYS[2], label, seatId)
  created[#created + 1] = label
end
-- The room's free seats (_seats.lua) in label order with these in: built
-- anew (the new seats have no kiosk yet, so none of them is free). Seats
-- added since TS read the room: dropped, built again on first use.
local order = cjson.decode(ARGV[5])
if seatsBefore == tonumber(ARGV[4])
  and #order == redis.call('HLEN', KEYS[2]) then
  build_free_seats(KEYS[5], KEYS[6], order)
else
  redis.call('DEL', KEYS[5], KEYS[6])
end
local now = now_ms()
audit_append(KEYS[3], KEYS[4], now, ARGV[3], 'seats.created',
  'room:' .. ARGV[2], cjson.encode({ labels = created }))
return accept({ centerId = centerId })
