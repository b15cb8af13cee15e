-- One state change of an attempt, by command. Every rule of the state
-- machine lives here, so kiosks, staff and timers cannot disagree.
-- KEYS: 1 attempt. The booking, the slot's audit stream and the seat keys
-- follow from the attempt's fields (one Redis, not a cluster: DESIGN §1).
-- ARGV: 1 command, 2 actor, 3 args JSON, 4 request key, 5 its fingerprint
-- ('' and '' without a request id: _request.lua)
--#include attempt
--#include request
local replay = request_replay(ARGV[4], ARGV[5])
if replay then return replay end
local command = ARGV[1]
local actor = ARGV[2]
local args = cjson.decode(ARGV[3])
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return refuse('attempt_not_found') end
local id = redis.call('HGET', KEYS[1], 'id')
local slotId = redis.call('HGET', KEYS[1], 'slotId')
KEYS[2] = 'booking:' .. redis.call('HGET', KEYS[1], 'bookingId')
KEYS[3] = 'audit:slot:' .. slotId
KEYS[4] = 'audit:slot:' .. slotId .. ':head'
local seatBefore = redis.call('HGET', KEYS[1], 'seatId')
KEYS[5] = 'seat:' .. seatBefore .. ':attempt'
if args.seatId then KEYS[6] = 'seat:' .. args.seatId .. ':attempt' end
local now = now_ms()

local function audit(action, data)
  audit_append(KEYS[3], KEYS[4], now, actor, action, 'attempt:' .. id,
    cjson.encode(data or {}))
end

local function wrong_state()
  return refuse('attempt_' .. state, { state = state })
end

local function begin_test()
  local duration = hnum(KEYS[1], 'durationMs') + hnum(KEYS[1], 'extraMs')
  redis.call('HSET', KEYS[1], 'state', 'in_progress', 'startedAt', now,
    'deadlineAt', now + duration, 'startedBy', actor)
  redis.call('HDEL', KEYS[1], 'instructionsEndsAt')
  redis.call('HSET', KEYS[2], 'status', 'in_progress')
  -- heldUntil: when the start rule let candidates go on (start-rule.ts);
  -- a start before it is an early start, and compliance ends the wait here.
  local held = tonumber(args.heldUntil)
  audit('attempt.started', { deadlineAt = now + duration, by = args.by,
    heldUntil = held, early = (held ~= nil and now < held) or nil })
end

-- The start rule: before `notBefore` (the slot's start) this actor waits.
local function too_early()
  local notBefore = tonumber(args.notBefore)
  if notBefore and now < notBefore then
    return refuse('before_start_time', { startsAt = notBefore })
  end
  return nil
end

-- The command itself; its reply is stored for a repeat (request_finish).
local function body()
if command == 'confirm' then
  -- The candidate confirmed name, program and language: instructions run.
  if state ~= 'admitted' then return wrong_state() end
  local early = too_early()
  if early then return early end
  local ends = now + hnum(KEYS[1], 'instructionsMs')
  redis.call('HSET', KEYS[1], 'state', 'instructions',
    'instructionsStartedAt', now, 'instructionsEndsAt', ends)
  audit('attempt.instructions', { instructionsEndsAt = ends,
    heldUntil = tonumber(args.heldUntil) })
  return accept_attempt(KEYS[1])

elseif command == 'start' then
  if state ~= 'admitted' and state ~= 'instructions' then return wrong_state() end
  local early = too_early()
  if early then return early end
  if args.requireInstructionsOver then
    local ends = hnum(KEYS[1], 'instructionsEndsAt')
    if state ~= 'instructions' or not ends or now < ends then
      return refuse('instructions_running', { instructionsEndsAt = ends })
    end
  end
  begin_test()
  return accept_attempt(KEYS[1])

elseif command == 'instructions_over' then
  -- The timer: instructions have a hard limit, then the test begins.
  if state ~= 'instructions' then return accept_attempt(KEYS[1], { noop = true }) end
  local ends = hnum(KEYS[1], 'instructionsEndsAt')
  if not ends or now < ends then return accept_attempt(KEYS[1], { noop = true }) end
  -- Nobody serves the kiosk (an outage): the test starts once someone does.
  if outage_pending(now) then return accept_attempt(KEYS[1], { noop = true, outage = true }) end
  begin_test()
  return accept_attempt(KEYS[1])

elseif command == 'pause' then
  if state ~= 'in_progress' then return wrong_state() end
  redis.call('HSET', KEYS[1], 'state', 'paused', 'pausedAt', now,
    'pauseReason', args.reason)
  audit('attempt.paused', { reason = args.reason,
    remainingMs = hnum(KEYS[1], 'deadlineAt') - now })
  return accept_attempt(KEYS[1])

elseif command == 'resume' then
  if state ~= 'paused' then return wrong_state() end
  local pausedFor = now - hnum(KEYS[1], 'pausedAt')
  local deadline = hnum(KEYS[1], 'deadlineAt') + pausedFor
  redis.call('HSET', KEYS[1], 'state', 'in_progress', 'deadlineAt', deadline,
    'pausedTotalMs', (hnum(KEYS[1], 'pausedTotalMs') or 0) + pausedFor,
    'resumedAt', now)
  redis.call('HDEL', KEYS[1], 'pausedAt', 'pauseReason')
  audit('attempt.resumed', { reason = args.reason, pausedMs = pausedFor,
    deadlineAt = deadline })
  return accept_attempt(KEYS[1], { pausedMs = pausedFor })

elseif command == 'extend' then
  local ms = tonumber(args.ms)
  if not ms or ms <= 0 then return refuse('invalid_extension') end
  if not ACTIVE[state] then return wrong_state() end
  redis.call('HSET', KEYS[1], 'extraMs', hnum(KEYS[1], 'extraMs') + ms)
  local deadline = hnum(KEYS[1], 'deadlineAt')
  if deadline then
    deadline = deadline + ms
    redis.call('HSET', KEYS[1], 'deadlineAt', deadline)
  end
  audit('attempt.extended', { ms = ms, reason = args.reason,
    kind = args.kind, incidentId = args.incidentId, deadlineAt = deadline })
  return accept_attempt(KEYS[1], { extendedMs = ms })

elseif command == 'submit' then
  -- By the candidate (confirmed) or by staff (forced).
  if state ~= 'in_progress' and state ~= 'paused' then return wrong_state() end
  local deadline = hnum(KEYS[1], 'deadlineAt')
  local final = 'submitted'
  if state == 'in_progress' and now > deadline then final = 'expired' end
  redis.call('HSET', KEYS[1], 'state', final, 'submittedAt', now,
    'submitReason', args.reason)
  if state == 'paused' then
    redis.call('HSET', KEYS[1], 'pausedTotalMs',
      hnum(KEYS[1], 'pausedTotalMs') + now - hnum(KEYS[1], 'pausedAt'))
    redis.call('HDEL', KEYS[1], 'pausedAt')
  end
  redis.call('HSET', KEYS[2], 'status', 'completed')
  audit('attempt.submitted', { reason = args.reason, state = final })
  return accept_attempt(KEYS[1])

elseif command == 'expire' then
  -- The deadline timer; it re-reads deadlineAt, since it may have moved.
  if state ~= 'in_progress' then return accept_attempt(KEYS[1], { noop = true }) end
  local deadline = hnum(KEYS[1], 'deadlineAt')
  if now < deadline then return accept_attempt(KEYS[1], { noop = true }) end
  -- Nobody serves the kiosk, or an outage's time is not yet credited: the
  -- clock must not run out on the candidate now (outages/service.ts).
  if outage_pending(now) then return accept_attempt(KEYS[1], { noop = true, outage = true }) end
  redis.call('HSET', KEYS[1], 'state', 'expired', 'submittedAt', now,
    'submitReason', 'deadline')
  redis.call('HSET', KEYS[2], 'status', 'completed')
  audit('attempt.expired', { deadlineAt = deadline })
  return accept_attempt(KEYS[1])

elseif command == 'void' then
  if state == 'voided' or state == 'issued' then return wrong_state() end
  if redis.call('HGET', KEYS[1], 'officialAt') then
    return refuse('attempt_official')
  end
  local cause = args.cause or 'technical'
  redis.call('HSET', KEYS[1], 'state', 'voided', 'voidedAt', now,
    'voidReason', args.reason, 'voidCause', cause, 'stateBeforeVoid', state)
  -- A technical failure is not held against the candidate: the sitting
  -- does not count for the program's retake interval (booking/rules.ts).
  redis.call('HSET', KEYS[2], 'status', 'completed', 'voidCause', cause)
  audit('attempt.voided', { reason = args.reason, cause = cause,
    from = state })
  return accept_attempt(KEYS[1])

elseif command == 'reseat' then
  if not ACTIVE[state] then return wrong_state() end
  local occupant = redis.call('GET', KEYS[6])
  if occupant and occupant ~= id then
    local other = redis.call('HGET', 'attempt:' .. occupant, 'state')
    if other and ACTIVE[other] then return refuse('seat_taken', { attemptId = occupant }) end
  end
  local from = redis.call('HGET', KEYS[1], 'seatId')
  if redis.call('GET', KEYS[5]) == id then redis.call('DEL', KEYS[5]) end
  redis.call('SET', KEYS[6], id)
  redis.call('HSET', KEYS[1], 'seatId', args.seatId)
  redis.call('HSET', KEYS[2], 'seatId', args.seatId)
  audit('attempt.reseated', { from = from, to = args.seatId,
    reason = args.reason })
  return accept_attempt(KEYS[1], { fromSeatId = from })

elseif command == 'score' then
  if state ~= 'submitted' and state ~= 'expired' then
    return accept_attempt(KEYS[1], { noop = true })
  end
  -- A knowledge test stores its score (`result`), an assessment its
  -- profile (`profile`, stens per scale); `passed` is the assessment's
  -- rule when it has one, else true (a profile is not pass/fail).
  redis.call('HSET', KEYS[1], 'state', 'scored', 'scoredAt', now,
    'passed', args.passed and '1' or '0')
  if args.result and args.result ~= '' then
    redis.call('HSET', KEYS[1], 'result', args.result)
  end
  if args.profile and args.profile ~= '' then
    redis.call('HSET', KEYS[1], 'profile', args.profile)
  end
  audit('attempt.scored', { passed = args.passed, correct = args.correct,
    total = args.total, stens = args.stens })
  return accept_attempt(KEYS[1])

elseif command == 'signoff' then
  -- Results become official when an administrator and an operator (two
  -- different people) have both confirmed them.
  if state ~= 'scored' then return wrong_state() end
  local role = args.role
  if role ~= 'administrator' and role ~= 'operator' then return refuse('forbidden') end
  local field = role == 'administrator' and 'signedAdministrator' or 'signedOperator'
  local other = role == 'administrator' and 'signedOperator' or 'signedAdministrator'
  if redis.call('HGET', KEYS[1], field) then return refuse('already_signed') end
  local otherSigner = redis.call('HGET', KEYS[1], other)
  if otherSigner and cjson.decode(otherSigner).id == args.accountId then
    return refuse('same_person')
  end
  redis.call('HSET', KEYS[1], field, cjson.encode({ id = args.accountId,
    fullName = args.fullName, at = now }))
  -- Signed over unreviewed incidents or unfinished candidates: why.
  audit('attempt.signed', { role = role, overrideReason = args.overrideReason })
  local official = false
  if otherSigner then
    redis.call('HSET', KEYS[1], 'officialAt', now)
    redis.call('HSET', KEYS[2], 'resultPassed',
      redis.call('HGET', KEYS[1], 'passed'))
    audit('attempt.official', {})
    official = true
  end
  return accept_attempt(KEYS[1], { official = official })

elseif command == 'issued' then
  if state ~= 'scored' or not redis.call('HGET', KEYS[1], 'officialAt') then
    return accept_attempt(KEYS[1], { noop = true })
  end
  redis.call('HSET', KEYS[1], 'state', 'issued', 'issuedAt', now,
    'certificateNumber', args.number)
  redis.call('HSET', KEYS[2], 'certificateNumber', args.number)
  audit('attempt.issued', { number = args.number, kind = args.kind })
  return accept_attempt(KEYS[1])

elseif command == 'reentry' then
  if not ACTIVE[state] then return wrong_state() end
  audit('attempt.reentry', { reason = args.reason })
  return accept_attempt(KEYS[1])

elseif command == 'outage_credit' then
  -- The clock ran on while no process could serve the kiosk: the outage's
  -- time goes back on the deadline, once per attempt and outage
  -- (outages/service.ts). A pause stopped the clock: from then on, nothing.
  local outage = 'outage:' .. args.outageId
  local credits = outage .. ':credits'
  if redis.call('HEXISTS', credits, id) == 1 then
    return accept_attempt(KEYS[1], { noop = true })
  end
  local from, to = hnum(outage, 'startedAt'), hnum(outage, 'endedAt')
  if not from or not to then return refuse('outage_not_found') end
  local ran_until = to
  if state == 'paused' then
    ran_until = math.min(to, hnum(KEYS[1], 'pausedAt'))
  elseif state ~= 'in_progress' then
    return accept_attempt(KEYS[1], { noop = true })
  end
  local deadline = hnum(KEYS[1], 'deadlineAt')
  local since = math.max(from, hnum(KEYS[1], 'startedAt'))
  -- Resumed during the outage (through a web process still up): the
  -- resume gave back the paused part already; the clock ran from then on.
  local resumed = hnum(KEYS[1], 'resumedAt')
  if resumed and resumed > since then since = resumed end
  local lost = ran_until - since
  -- No time left when the outage began, or too short a loss to count.
  if deadline <= since or lost <= tonumber(args.minMs) then
    return accept_attempt(KEYS[1], { noop = true })
  end
  deadline = deadline + lost
  redis.call('HSET', KEYS[1], 'deadlineAt', deadline,
    'outageCreditMs', (hnum(KEYS[1], 'outageCreditMs') or 0) + lost)
  redis.call('HSET', credits, id, cjson.encode({ ms = lost,
    deadlineAt = deadline, slotId = slotId, centerId = args.centerId,
    seatId = redis.call('HGET', KEYS[1], 'seatId'), at = now }))
  audit('attempt.outage_credited', { outageId = args.outageId, ms = lost,
    from = since, deadlineAt = deadline })
  return accept_attempt(KEYS[1], { creditedMs = lost })

elseif command == 'reopen' then
  -- The timer expired the attempt in an outage's first seconds, before it
  -- could tell the server was gone (outages/service.ts): the administrator
  -- gives the test back with the time it had when the outage began.
  if state ~= 'expired' and state ~= 'scored' then return wrong_state() end
  if redis.call('HGET', KEYS[1], 'officialAt') then
    return refuse('attempt_official')
  end
  local deadline = hnum(KEYS[1], 'deadlineAt')
  local outageId, from = outage_around(deadline)
  if redis.call('HGET', KEYS[1], 'submitReason') ~= 'deadline'
    or not outageId then
    return refuse('not_expired_by_outage')
  end
  local occupant = redis.call('GET', KEYS[5])
  if occupant and occupant ~= id then
    local other = redis.call('HGET', 'attempt:' .. occupant, 'state')
    if other and ACTIVE[other] then
      return refuse('seat_taken', { attemptId = occupant })
    end
  end
  local remaining = deadline - from
  local expiredAt = hnum(KEYS[1], 'submittedAt')
  redis.call('SET', KEYS[5], id)
  redis.call('HSET', KEYS[1], 'state', 'in_progress',
    'deadlineAt', now + remaining, 'reopenedAt', now)
  redis.call('HDEL', KEYS[1], 'submittedAt', 'submitReason', 'scoredAt',
    'result', 'passed', 'signedAdministrator', 'signedOperator')
  redis.call('HSET', KEYS[2], 'status', 'in_progress')
  -- From the outage's start to now the candidate could not work: analytics
  -- counts it like a pause.
  audit('attempt.reopened', { outageId = outageId, remainingMs = remaining,
    deadlineAt = now + remaining, expiredAt = expiredAt,
    stoppedMs = now - from })
  return accept_attempt(KEYS[1], { remainingMs = remaining, outageId = outageId })
end
return refuse('unknown_command')
end
local reply = body()
-- Ending, voiding, reopening or moving an attempt frees or takes seats:
-- the rooms' free seats follow in this same step (_seats.lua).
local after = redis.call('HMGET', KEYS[1], 'state', 'seatId')
if after[2] ~= seatBefore or not ACTIVE[after[1]] ~= not ACTIVE[state] then
  seat_changed(seatBefore)
  if after[2] ~= seatBefore then seat_changed(after[2]) end
end
return request_finish(ARGV[4], ARGV[5], reply)
