-- Shared by the attempt scripts, pulled in with `--#include attempt`.
--#include audit
--#include outage
--#include reply
-- ACTIVE (the states in which an attempt holds its seat) and the room's
-- free seats every change of an attempt's state or seat keeps.
--#include seats

-- The fields a kiosk and a console need after any change.
local function snapshot(key)
  local h = redis.call('HGETALL', key)
  local t = {}
  for i = 1, #h, 2 do t[h[i]] = h[i + 1] end
  return {
    id = t.id, state = t.state, seatId = t.seatId, slotId = t.slotId,
    deadlineAt = tonumber(t.deadlineAt or ''), pausedAt = tonumber(t.pausedAt or ''),
    instructionsEndsAt = tonumber(t.instructionsEndsAt or ''),
    startedAt = tonumber(t.startedAt or ''), extraMs = tonumber(t.extraMs or '0'),
    durationMs = tonumber(t.durationMs or '0'),
    pausedTotalMs = tonumber(t.pausedTotalMs or '0')
  }
end

-- Accepts a command: the attempt as it is now, `extra` beside it.
local function accept_attempt(key, extra)
  local value = extra or {}
  value.attempt = snapshot(key)
  return accept(value)
end
