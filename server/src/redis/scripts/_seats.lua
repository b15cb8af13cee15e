-- Which seats are free, pulled in with `--#include seats` (or `attempt`,
-- which pulls this in). Includes nothing itself.
--
-- A seat is free when a kiosk is enrolled on it (seat:<id>:kiosk names a
-- kiosk that is not revoked) and no attempt in an ACTIVE state holds it
-- (seat:<id>:attempt): seatIsFree in attempts/admission.ts. Whether the
-- kiosk is connected right now does not count (it never did).
--
-- room:<roomId>:free-seats  zset: the room's free seats, scored by their
--                           place in label order (A-2 before A-10), so
--                           ZPOPMIN gives the first free seat
-- room:<roomId>:seat-order  hash: seatId → that place (0, 1, …), computed
--                           in TS (a numeric collation Lua does not have);
--                           it exists once the room's free seats are built,
--                           and every script that changes whether a seat
--                           is free keeps them from then on
-- Built with the room's seats (seats-create.lua); rooms from before are
-- built on their first admission without a chosen seat
-- (free-seats-build.lua).

-- States in which an attempt holds its seat.
local ACTIVE = { admitted = true, instructions = true, in_progress = true,
  paused = true }

local function free_seats_key(roomId) return 'room:' .. roomId .. ':free-seats' end
local function seat_order_key(roomId) return 'room:' .. roomId .. ':seat-order' end

local function seat_free(seatId)
  local kioskId = redis.call('GET', 'seat:' .. seatId .. ':kiosk')
  if not kioskId then return false end
  local kiosk = redis.call('HMGET', 'kiosk:' .. kioskId, 'id', 'revokedAt')
  if not kiosk[1] or kiosk[1] == '' or (kiosk[2] and kiosk[2] ~= '') then
    return false
  end
  local holder = redis.call('GET', 'seat:' .. seatId .. ':attempt')
  if not holder then return true end
  local state = redis.call('HGET', 'attempt:' .. holder, 'state')
  return not (state and ACTIVE[state])
end

-- After anything that may have freed or taken a seat (its kiosk, the
-- attempt holding it): puts it in or out of its room's free seats. Nothing
-- to keep while the room's set is not built: the build reads everything.
local function seat_changed(seatId)
  if not seatId or seatId == '' then return end
  local roomId = redis.call('HGET', 'seat:' .. seatId, 'roomId')
  if not roomId then return end
  local place = redis.call('HGET', seat_order_key(roomId), seatId)
  if not place then return end
  if seat_free(seatId) then
    redis.call('ZADD', free_seats_key(roomId), place, seatId)
  else
    redis.call('ZREM', free_seats_key(roomId), seatId)
  end
end

-- Builds a room's free seats anew from `order`, all its seat ids in label
-- order: every seat's place, and the seats free now.
local function build_free_seats(orderKey, freeKey, order)
  redis.call('DEL', orderKey, freeKey)
  local free = 0
  for index, seatId in ipairs(order) do
    redis.call('HSET', orderKey, seatId, index - 1)
    if seat_free(seatId) then
      redis.call('ZADD', freeKey, index - 1, seatId)
      free = free + 1
    end
  end
  return free
end

-- The room's first free seat in label order, taken out of its free seats;
-- nil when none is left. A seat in the set is free (every change keeps
-- it); one found otherwise is dropped, never handed out.
local function pop_free_seat(roomId)
  local key = free_seats_key(roomId)
  while true do
    local popped = redis.call('ZPOPMIN', key)
    if not popped[1] then return nil end
    if seat_free(popped[1]) then return popped[1] end
  end
end
