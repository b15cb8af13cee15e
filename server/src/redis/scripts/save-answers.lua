-- Saves answers: the only write path for answers. A batch of one or more
-- (a realtime process gathers the answers that arrive together), applied
-- one after another in the order given, each with every check of its own
-- and its own audit entry; one answer's refusal never touches another's.
-- Per answer: checks state, time, seat, item and option membership and the
-- sequence number; a replay or an older message for the same item changes
-- nothing and is acked.
-- KEYS: per answer i (from 0), at 3i+1 … 3i+3: the attempt (attempt:<id>,
--       also its audit entries' subject), its items
--       (itemId → "a,b,c"), its answers
--       (the slot's audit stream follows from the attempt's slotId)
-- ARGV: 1 grace ms, then per answer i at 5i+2 … 5i+6: the kiosk's seatId,
--       itemId, response JSON (option ids), seq, actor
-- Returns one reply (accept/refuse JSON) per answer, in the same order.
-- Late answers after an outage read its keys (_outage.lua).
--#include attempt
local grace = tonumber(ARGV[1])
-- One clock for the batch: it is one atomic step. As a string for the
-- writes: Redis formats a number passed to redis.call as a float.
local now = now_ms()
local now_s = string.format('%d', now)
-- The audit chains' heads as this batch moved them (stream → hash): each
-- read at its first entry and written once, at the end, even if an answer
-- raised an error (nothing else runs in between, and a script that has
-- written is never refused for memory).
local heads = {}

-- Whether the attempt ran out of time only because of an outage (its
-- deadline fell in one): the administrator may still reopen it.
local function expired_by_outage(attempt)
  return redis.call('HGET', attempt, 'submitReason') == 'deadline'
    and not redis.call('HGET', attempt, 'officialAt')
    and outage_around(hnum(attempt, 'deadlineAt')) ~= nil
end

-- Past the deadline and its grace. After an outage the kiosks send their
-- journals the moment they are back, maybe before the outage's time is
-- credited or the attempt reopened: then the refusal is for now only, and
-- the kiosk keeps the answer and sends it again.
local function too_late(attempt, state)
  if outage_pending(now) then return refuse('outage_pending') end
  if state ~= 'in_progress' and expired_by_outage(attempt) then
    return refuse('outage_pending')
  end
  return refuse('deadline_passed')
end

-- A field from HMGET as a number, nil when missing or empty (as hnum).
local function num(value)
  if value and value ~= '' then return tonumber(value) end
  return nil
end

local function save(attempt, items, answers, seatId, itemId,
    responseJson, seqArg, actor)
  -- The fields this reads, in one call. Only a paused attempt has a
  -- pausedAt, read below: a field a hash lacks costs a scan of all of it.
  local f = redis.call('HMGET', attempt, 'state', 'seatId', 'deadlineAt',
    'answered', 'lastSeq', 'slotId')
  local state = f[1]
  if not state then return refuse('attempt_not_found') end
  if f[2] ~= seatId then
    return refuse('not_your_attempt')
  end

  if state == 'in_progress' then
    if now > num(f[3]) + grace then return too_late(attempt, state) end
  elseif state == 'paused' then
    -- In flight when the pause began.
    if now > hnum(attempt, 'pausedAt') + grace then
      return refuse('attempt_paused')
    end
  elseif state == 'expired' then
    -- In flight at the deadline: scoring waits for the same grace.
    if now > num(f[3]) + grace then return too_late(attempt, state) end
  elseif state == 'scored' and expired_by_outage(attempt) then
    return refuse('outage_pending')
  elseif state == 'admitted' or state == 'instructions' then
    return refuse('attempt_not_started')
  else
    return refuse('attempt_' .. state)
  end

  local allowed = redis.call('HGET', items, itemId)
  if not allowed then return refuse('unknown_item') end
  local response = cjson.decode(responseJson)
  -- Each option once, each one of the item's: found whole between commas
  -- in ",a,b,c," (an id with a comma of its own is no option).
  local listed = ',' .. allowed .. ','
  local seen = {}
  for _, option in ipairs(response) do
    if type(option) ~= 'string' or seen[option]
        or string.find(option, ',', 1, true)
        or not string.find(listed, ',' .. option .. ',', 1, true) then
      return refuse('unknown_option')
    end
    seen[option] = true
  end

  local seq = tonumber(seqArg)
  local seq_s = string.format('%d', seq)
  -- The attempt's `answered` counts the items with a non-empty response;
  -- only this script changes either, so it moves by what this save
  -- changes: +1 for a first response, -1 for a cleared one.
  local count = num(f[4]) or 0
  local was = 0
  local previous = redis.call('HGET', answers, itemId)
  if previous then
    local saved = cjson.decode(previous)
    if saved.seq >= seq then
      return accept({ seq = seq, savedAt = saved.at, duplicate = true,
        answered = count })
    end
    if next(saved.r) ~= nil then was = 1 end
  end
  if #response > 0 then count = count + 1 - was else count = count - was end

  -- The stored answer, its audit entry's data and the reply are written
  -- out directly (the fields are numbers and JSON already encoded): this
  -- runs for every answer of every candidate.
  local encoded = cjson.encode(response)
  redis.call('HSET', answers, itemId,
    '{"r":' .. encoded .. ',"seq":' .. seq_s .. ',"at":' .. now_s .. '}')
  local lastSeq = num(f[5]) or 0
  if seq > lastSeq then lastSeq = seq end
  redis.call('HSET', attempt, 'answered', string.format('%d', count),
    'lastSaveAt', now_s, 'lastSeq', string.format('%d', lastSeq))
  local slotId = f[6]
  local stream = 'audit:slot:' .. slotId
  -- Its data holds ids and numbers only: no personal field to commit.
  local _, hash = audit_append_plain(stream,
    heads[stream] or redis.call('GET', stream .. ':head') or '0',
    now_s, actor, 'answer.saved', attempt,
    '{"itemId":' .. cjson.encode(itemId) .. ',"seq":' .. seq_s ..
      ',"response":' .. encoded .. '}')
  heads[stream] = hash
  return '{"ok":{"seq":' .. seq_s .. ',"savedAt":' .. now_s ..
    ',"answered":' .. string.format('%d', count) .. ',"slotId":' ..
    cjson.encode(slotId) .. '}}'
end

local replies = {}
local ok, err = pcall(function()
  for i = 0, #KEYS / 3 - 1 do
    local k, a = 3 * i, 5 * i + 1
    replies[i + 1] = save(KEYS[k + 1], KEYS[k + 2], KEYS[k + 3],
      ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5])
  end
end)
for stream, hash in pairs(heads) do redis.call('SET', stream .. ':head', hash) end
if not ok then
  -- The error as Redis or Lua worded it: an OOM refusal must still read
  -- "OOM …" (errors.ts), which error() would wrap.
  if type(err) == 'table' then err = err.err end
  return redis.error_reply(tostring(err))
end
return replies
