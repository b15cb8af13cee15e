-- Shared by the attempt scripts, pulled in with `--#include attempt`.
--#include audit
--#include outage

local function err(id, extra)
  local reply = { error = id }
  if extra then for k, v in pairs(extra) do reply[k] = v end end
  return cjson.encode(reply)
end

local function num(key, field)
  local value = redis.call('HGET', key, field)
  if value and value ~= '' then return tonumber(value) end
  return nil
end

-- States in which an attempt holds its seat.
local ACTIVE = { admitted = true, instructions = true, in_progress = true,
  paused = true }

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

local function ok(key, extra)
  local reply = { ok = true, attempt = snapshot(key) }
  if extra then for k, v in pairs(extra) do reply[k] = v end end
  return cjson.encode(reply)
end
