-- Books every row of a roster import, or none ("nothing half-imported").
-- In `check` mode it only reports, so a file with format errors still gets
-- every other problem listed at once. A committed import is marked done
-- here, with its report, so a redelivered job books nothing twice.
-- KEYS: 1 slot, 2 slot's bookings, 3 slot's IIN index, 4 import,
--       5 audit stream, 6 audit head, then per row: IIN's bookings, booking
-- ARGV: 1 booking key prefix, 2 programId, 3 consentVersion,
--       4 collectedBy, 5 collectedByName, 6 actor, 7 importId,
--       8 rows JSON [{line bookingId iin fullName language phone codeHash}],
--       9 mode (commit|check), 10 report JSON, 11 report TTL (s), 12 slotId
--#include audit
--#include reply
--#include booking
if redis.call('HGET', KEYS[4], 'status') == 'done' then
  return accept({ imported = hnum(KEYS[4], 'imported') or 0, already = true })
end
local now = now_ms()
local rows = cjson.decode(ARGV[8])
local refusal, slot = check_slot_open(KEYS[1], ARGV[2], now)
if refusal then return refusal end

local problems, seen = {}, {}
for i, row in ipairs(rows) do
  local iin_set, booking_key = KEYS[5 + 2 * i], KEYS[6 + 2 * i]
  local problem = nil
  if seen[row.iin] then
    problem = 'duplicate_in_file'
  elseif active_booking_for_program(ARGV[1], iin_set, ARGV[2]) then
    problem = 'already_booked'
  elseif redis.call('EXISTS', booking_key) == 1 then
    problem = 'booking_id_taken'
  end
  seen[row.iin] = true
  if problem then problems[#problems + 1] = { line = row.line, error = problem } end
end
local free = slot.seats - slot.booked
if #problems > 0 or #rows > free then
  return refuse('rejected', { rows = problems, free = free })
end
if ARGV[9] ~= 'commit' then return accept({ imported = 0, free = free }) end

for i, row in ipairs(rows) do
  local iin_set, booking_key = KEYS[5 + 2 * i], KEYS[6 + 2 * i]
  write_booking(booking_key, { id = row.bookingId, iin = row.iin,
    fullName = row.fullName, programId = ARGV[2], slotId = ARGV[12],
    language = row.language, source = 'import', codeHash = row.codeHash,
    consentVersion = ARGV[3], collectedBy = ARGV[4],
    collectedByName = ARGV[5], phone = row.phone }, now)
  -- Same millisecond for every row: thousandths keep the file's order
  -- (a double near 1.7e12 resolves 0.00025; Lua's own number printing
  -- would keep 14 digits only, hence the format).
  redis.call('ZADD', KEYS[2], string.format('%.3f', now + (i - 1) * 0.001),
    row.bookingId)
  redis.call('HSET', KEYS[3], row.iin, row.bookingId)
  redis.call('SADD', iin_set, row.bookingId)
  audit_append(KEYS[5], KEYS[6], now, ARGV[6], 'booking.created',
    'booking:' .. row.bookingId, cjson.encode({ iin = row.iin,
    programId = ARGV[2], language = row.language, source = 'import',
    consentVersion = ARGV[3], collectedBy = ARGV[4], importId = ARGV[7],
    line = row.line }))
end
redis.call('HINCRBY', KEYS[1], 'bookedSeats', #rows)
redis.call('HSET', KEYS[4], 'status', 'done', 'imported', #rows,
  'rows', ARGV[10], 'finishedAt', now)
redis.call('HDEL', KEYS[4], 'csv')
redis.call('EXPIRE', KEYS[4], ARGV[11])
audit_append(KEYS[5], KEYS[6], now, ARGV[6], 'roster.imported',
  'roster-import:' .. ARGV[7], cjson.encode({ imported = #rows }))
return accept({ imported = #rows })
