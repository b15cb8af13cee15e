-- Saves one answer: the only write path for answers. Checks state, time,
-- seat, item and option membership and the sequence number; a replay or
-- an older message for the same item changes nothing and is acked.
-- KEYS: 1 attempt, 2 items (itemId → "a,b,c"), 3 answers, 4 answered set
--       (the slot's audit stream follows from the attempt's slotId)
-- ARGV: 1 seatId of the kiosk, 2 itemId, 3 response JSON (option ids),
--       4 seq, 5 grace ms, 6 actor
-- Late answers after an outage read its keys (_outage.lua).
--#include attempt
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return refuse('attempt_not_found') end
if redis.call('HGET', KEYS[1], 'seatId') ~= ARGV[1] then
  return refuse('not_your_attempt')
end
local now = now_ms()
local grace = tonumber(ARGV[5])

-- Whether the attempt ran out of time only because of an outage (its
-- deadline fell in one): the administrator may still reopen it.
local function expired_by_outage()
  return redis.call('HGET', KEYS[1], 'submitReason') == 'deadline'
    and not redis.call('HGET', KEYS[1], 'officialAt')
    and outage_around(hnum(KEYS[1], 'deadlineAt')) ~= nil
end

-- Past the deadline and its grace. After an outage the kiosks send their
-- journals the moment they are back, maybe before the outage's time is
-- credited or the attempt reopened: then the refusal is for now only, and
-- the kiosk keeps the answer and sends it again.
local function too_late()
  if outage_pending(now) then return refuse('outage_pending') end
  if state ~= 'in_progress' and expired_by_outage() then
    return refuse('outage_pending')
  end
  return refuse('deadline_passed')
end

if state == 'in_progress' then
  if now > hnum(KEYS[1], 'deadlineAt') + grace then return too_late() end
elseif state == 'paused' then
  -- In flight when the pause began.
  if now > hnum(KEYS[1], 'pausedAt') + grace then return refuse('attempt_paused') end
elseif state == 'expired' then
  -- In flight at the deadline: scoring waits for the same grace.
  if now > hnum(KEYS[1], 'deadlineAt') + grace then return too_late() end
elseif state == 'scored' and expired_by_outage() then
  return refuse('outage_pending')
elseif state == 'admitted' or state == 'instructions' then
  return refuse('attempt_not_started')
else
  return refuse('attempt_' .. state)
end

local allowed = redis.call('HGET', KEYS[2], ARGV[2])
if not allowed then return refuse('unknown_item') end
local options = {}
for option in string.gmatch(allowed, '[^,]+') do options[option] = true end
local response = cjson.decode(ARGV[3])
local seen = {}
for _, option in ipairs(response) do
  if not options[option] or seen[option] then return refuse('unknown_option') end
  seen[option] = true
end

local seq = tonumber(ARGV[4])
local previous = redis.call('HGET', KEYS[3], ARGV[2])
if previous then
  local saved = cjson.decode(previous)
  if saved.seq >= seq then
    return accept({ seq = seq, savedAt = saved.at, duplicate = true,
      answered = hnum(KEYS[1], 'answered') })
  end
end

redis.call('HSET', KEYS[3], ARGV[2], cjson.encode({ r = response, seq = seq, at = now }))
if #response > 0 then
  redis.call('SADD', KEYS[4], ARGV[2])
else
  redis.call('SREM', KEYS[4], ARGV[2])
end
local answered = redis.call('SCARD', KEYS[4])
local lastSeq = hnum(KEYS[1], 'lastSeq') or 0
if seq > lastSeq then lastSeq = seq end
redis.call('HSET', KEYS[1], 'answered', answered, 'lastSaveAt', now, 'lastSeq', lastSeq)
local slotId = redis.call('HGET', KEYS[1], 'slotId')
audit_append('audit:slot:' .. slotId, 'audit:slot:' .. slotId .. ':head', now, ARGV[6], 'answer.saved',
  'attempt:' .. redis.call('HGET', KEYS[1], 'id'),
  cjson.encode({ itemId = ARGV[2], seq = seq, response = response }))
return accept({ seq = seq, savedAt = now, answered = answered, slotId = slotId })
