-- Replies of the booking and center scripts, pulled in with
-- `--#include reply`: `{ ok = value }` or `{ error = id, ...details }`.

local function accept(value)
  return cjson.encode({ ok = value })
end

local function refuse(id, details)
  local reply = { error = id }
  if details then
    for k, v in pairs(details) do reply[k] = v end
  end
  return cjson.encode(reply)
end

-- HGET as a number, nil when missing or empty.
local function hnum(key, field)
  local value = redis.call('HGET', key, field)
  if value and value ~= '' then return tonumber(value) end
  return nil
end
