-- Admits a booked candidate: creates the attempt with its assembled form
-- and binds it to a seat, all or nothing. Without a chosen seat it takes
-- the room's first free seat (_seats.lua) in this same step, so parallel
-- admissions never meet on one seat.
-- KEYS: 1 booking, 2 attempt, 3 attempt items, 4 attempt form,
--       5 slot attempts, 6 seat→attempt ('' without a chosen seat),
--       7 audit stream, 8 audit head, 9 the room's seat order
-- ARGV: 1 attemptId, 2 bookingId, 3 slotId, 4 roomId, 5 seatId ('': the
--       server picks), 6 programId, 7 iin, 8 fullName, 9 language,
--       10 durationMs, 11 extraMs, 12 instructionsMs, 13 form JSON, 14 actor,
--       15 items JSON [[itemId, "a,b,c"], …], 16 accommodation note,
--       17 request key, 18 its fingerprint ('' and '' without a request
--       id: _request.lua)
--#include attempt
--#include request
local replay = request_replay(ARGV[17], ARGV[18])
if replay then return replay end
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return refuse('booking_not_found') end
if redis.call('HGET', KEYS[1], 'slotId') ~= ARGV[3] then
  return refuse('not_on_roster')
end
if status ~= 'booked' then
  return refuse('booking_' .. status, { attemptId = redis.call('HGET', KEYS[1], 'attemptId') })
end
local seatId = ARGV[5]
if seatId == '' then
  -- A room from before its free seats were kept: TS builds them, then again.
  if redis.call('EXISTS', KEYS[9]) == 0 then return refuse('free_seats_unbuilt') end
  seatId = pop_free_seat(ARGV[4])
  if not seatId then return refuse('no_free_seat') end
  KEYS[6] = 'seat:' .. seatId .. ':attempt'
else
  local occupant = redis.call('GET', KEYS[6])
  if occupant then
    local state = redis.call('HGET', 'attempt:' .. occupant, 'state')
    if state and ACTIVE[state] then return refuse('seat_taken', { attemptId = occupant }) end
  end
end

local now = now_ms()
local items = cjson.decode(ARGV[15])
redis.call('HSET', KEYS[2], 'id', ARGV[1], 'bookingId', ARGV[2],
  'slotId', ARGV[3], 'roomId', ARGV[4], 'seatId', seatId,
  'programId', ARGV[6], 'iin', ARGV[7], 'fullName', ARGV[8],
  'language', ARGV[9], 'state', 'admitted', 'durationMs', ARGV[10],
  'extraMs', ARGV[11], 'instructionsMs', ARGV[12], 'admittedAt', now,
  'admittedBy', ARGV[14], 'pausedTotalMs', 0, 'answered', 0,
  'total', #items, 'accommodationNote', ARGV[16])
for _, pair in ipairs(items) do
  redis.call('HSET', KEYS[3], pair[1], pair[2])
end
redis.call('SET', KEYS[4], ARGV[13])
redis.call('SADD', KEYS[5], ARGV[1])
-- The program's attempts: what a re-scoring goes through.
redis.call('SADD', 'program:' .. ARGV[6] .. ':attempts', ARGV[1])
redis.call('SET', KEYS[6], ARGV[1])
seat_changed(seatId)
redis.call('HSET', KEYS[1], 'status', 'admitted', 'attemptId', ARGV[1],
  'seatId', seatId, 'admittedAt', now)
audit_append(KEYS[7], KEYS[8], now, ARGV[14], 'attempt.admitted',
  'attempt:' .. ARGV[1], cjson.encode({ bookingId = ARGV[2],
  seatId = seatId, iin = ARGV[7], extraMs = tonumber(ARGV[11]) }))
return request_finish(ARGV[17], ARGV[18], accept_attempt(KEYS[2]))
