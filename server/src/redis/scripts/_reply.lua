-- The one reply of a script that decides, pulled in with `--#include reply`:
-- `accept(value)` encodes `{ ok = value }`, `refuse(id, details)` encodes
-- `{ error = id, ...details }`, read in TS by `parseLuaReply` (reply.ts).
-- A script that cannot refuse and answers one wrapper with a plain value
-- (a counter, a lock's outcome, the entry it appended) returns it as it is.

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
