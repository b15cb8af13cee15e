-- Adds seats to a room, all or none: labels are unique within the room.
-- KEYS: 1 room, 2 room's seats (label → seatId), 3 audit stream, 4 head
-- ARGV: 1 seat key prefix, 2 roomId, 3 actor, then seatId, label pairs
--#include audit
--#include reply
local centerId = redis.call('HGET', KEYS[1], 'centerId')
if not centerId then return refuse('room_not_found') end
local labels = {}
for i = 4, #ARGV, 2 do
  local label = ARGV[i + 1]
  if redis.call('HEXISTS', KEYS[2], label) == 1 or labels[label] then
    return refuse('seat_label_taken', { label = label })
  end
  labels[label] = true
end
local created = {}
for i = 4, #ARGV, 2 do
  local seatId, label = ARGV[i], ARGV[i + 1]
  redis.call('HSET', ARGV[1] .. seatId, 'id', seatId, 'roomId', ARGV[2],
    'centerId', centerId, 'label', label)
  redis.call('HSET', KEYS[2], label, seatId)
  created[#created + 1] = label
end
local now = now_ms()
audit_append(KEYS[3], KEYS[4], now, ARGV[3], 'seats.created',
  'room:' .. ARGV[2], cjson.encode({ labels = created }))
return accept({ centerId = centerId })
