-- Builds a room's free seats (_seats.lua) for a room from before they were
-- kept, once: every seat's place in label order and the seats free now,
-- read in this one step. The seat order is the marker: a second build (a
-- parallel admission's) changes nothing.
-- KEYS: 1 room's seats (label → seatId), 2 the room's seat order,
--       3 its free seats
-- ARGV: the room's seat ids in label order (TS: a numeric collation)
--#include reply
--#include seats
if redis.call('EXISTS', KEYS[2]) == 1 then return accept({ built = false }) end
-- Seats added since TS ordered them: it orders them again.
if redis.call('HLEN', KEYS[1]) ~= #ARGV then return refuse('seats_changed') end
local inRoom = {}
for _, seatId in ipairs(redis.call('HVALS', KEYS[1])) do inRoom[seatId] = true end
for _, seatId in ipairs(ARGV) do
  if not inRoom[seatId] then return refuse('seats_changed') end
end
return accept({ built = true,
  free = build_free_seats(KEYS[2], KEYS[3], ARGV) })
