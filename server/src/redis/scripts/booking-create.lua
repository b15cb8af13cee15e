-- Books one seat: every check and every write in one step, so concurrent
-- requests can never book more seats than offered or two active bookings
-- for one IIN and program.
-- KEYS: 1 slot, 2 slot's bookings, 3 slot's IIN index, 4 IIN's bookings,
--       5 the new booking, 6 IIN's accommodation, 7 audit stream, 8 head
-- ARGV: 1 booking key prefix, 2 actor, 3 booking JSON (id iin fullName
--       programId slotId language source codeHash consentVersion
--       collectedBy collectedByName phone formOpenedAt positionCategory
--       candidateKind email notifyBy messageLanguage, and ruleOverride {rule, reason} when a desk set a
--       program rule aside: it goes into the audit entry), 4 request key,
--       5 its fingerprint ('' and '' without a request id: _request.lua)
-- A repeat of a request returns the first booking's id (its code is derived
-- from the request id, so it is the same code too).
--#include audit
--#include reply
--#include booking
--#include request
local replay = request_replay(ARGV[4], ARGV[5])
if replay then return replay end
local b = cjson.decode(ARGV[3])
local now = now_ms()
local refusal, slot = check_slot_open(KEYS[1], b.programId, now)
if refusal then return refusal end
if active_booking_for_program(ARGV[1], KEYS[4], b.programId) then
  return refuse('already_booked')
end
if slot.booked >= slot.seats then return refuse('slot_full') end
if redis.call('EXISTS', KEYS[5]) == 1 then
  return refuse('booking_id_taken')
end
write_booking(KEYS[5], b, now)
redis.call('HINCRBY', KEYS[1], 'bookedSeats', 1)
redis.call('ZADD', KEYS[2], now, b.id)
redis.call('HSET', KEYS[3], b.iin, b.id)
redis.call('SADD', KEYS[4], b.id)
local extra = hnum(KEYS[6], 'extraMinutes') or 0
audit_append(KEYS[7], KEYS[8], now, ARGV[2], 'booking.created',
  'booking:' .. b.id, cjson.encode({ iin = b.iin, programId = b.programId,
  language = b.language, source = b.source,
  consentVersion = b.consentVersion, collectedBy = b.collectedBy,
  formOpenedAt = b.formOpenedAt, extraMinutes = extra,
  positionCategory = b.positionCategory, candidateKind = b.candidateKind,
  notifyBy = b.notifyBy, messageLanguage = b.messageLanguage,
  ruleOverride = b.ruleOverride }))
return request_finish(ARGV[4], ARGV[5], accept({ id = b.id, createdAt = now,
  freeSeats = slot.seats - slot.booked - 1 }))
