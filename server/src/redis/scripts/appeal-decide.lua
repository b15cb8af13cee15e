-- Decides an appeal once, with everything the decision changes in the same
-- step: a voided item is recorded for its program (the one record scoring
-- reads: a program sharing the bank keeps the item), or a
-- retest booking is made on a staff-chosen slot. The retest bypasses the
-- booking cutoff and the one-active-booking-per-program rule (the
-- candidate is owed it) but never the slot's seat capacity.
-- KEYS: 1 appeal, 2 attempt's open appeal, 3 stats, 4 audit stream,
--       5 audit head, 6 program's voided items (hash), 7 retest slot,
--       8 its bookings, 9 its IIN index, 10 IIN's bookings, 11 new booking,
--       12 original booking, 13 retest slot's audit stream, 14 its head
-- ARGV: 1 decision (rejected|upheld), 2 reason, 3 actor, 4 actor's name,
--       5 effect (none|void_item|retest), 6 retest booking JSON or '',
--       7 request key, 8 its fingerprint ('' and '' without a request id:
--       _request.lua)
--#include audit
--#include reply
--#include booking
--#include request
local replay = request_replay(ARGV[7], ARGV[8])
if replay then return replay end
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return refuse('not_found') end
if status == 'decided' then return refuse('already_decided') end
local now = now_ms()
local id = redis.call('HGET', KEYS[1], 'id')
local effect = ARGV[5]
local data = { decision = ARGV[1], reason = ARGV[2] }

if effect == 'retest' then
  local b = cjson.decode(ARGV[6])
  local f = redis.call('HMGET', KEYS[7], 'status', 'programId', 'seatsOffered',
    'bookedSeats')
  if not f[1] then return refuse('slot_not_found') end
  if f[2] ~= b.programId then return refuse('program_mismatch') end
  if f[1] ~= 'open' then return refuse('slot_closed') end
  local holder = redis.call('HGET', KEYS[9], b.iin)
  if holder and ACTIVE_BOOKING[redis.call('HGET', 'booking:' .. holder, 'status')] then
    return refuse('already_on_slot', { bookingId = holder })
  end
  if tonumber(f[4] or '0') >= tonumber(f[3]) then return refuse('slot_full') end
  if redis.call('EXISTS', KEYS[11]) == 1 then return refuse('booking_id_taken') end
  write_booking(KEYS[11], b, now)
  redis.call('HSET', KEYS[11], 'retestOf', b.retestOf, 'appealId', id)
  redis.call('HINCRBY', KEYS[7], 'bookedSeats', 1)
  redis.call('ZADD', KEYS[8], now, b.id)
  redis.call('HSET', KEYS[9], b.iin, b.id)
  redis.call('SADD', KEYS[10], b.id)
  redis.call('HSET', KEYS[12], 'retestBookingId', b.id)
  redis.call('HSET', KEYS[1], 'retestBookingId', b.id)
  audit_append(KEYS[13], KEYS[14], now, ARGV[3], 'booking.created',
    'booking:' .. b.id, cjson.encode({ programId = b.programId,
    language = b.language, source = b.source, retestOf = b.retestOf,
    appealId = id, consentVersion = b.consentVersion,
    collectedBy = b.collectedBy }))
  data.retestBookingId = b.id
end

if effect == 'void_item' then
  local item = redis.call('HGET', KEYS[1], 'itemId')
  local fresh = redis.call('HSETNX', KEYS[6], item, cjson.encode({
    appealId = id, at = now, by = ARGV[3] }))
  if fresh == 1 then
    redis.call('HINCRBY', KEYS[3], 'itemsVoided', 1)
    audit_append(KEYS[4], KEYS[5], now, ARGV[3], 'item.voided',
      'item:' .. item, cjson.encode({ appealId = id,
      programId = redis.call('HGET', KEYS[1], 'programId') }))
  end
  data.itemId = item
  data.newlyVoided = fresh == 1
end

redis.call('HSET', KEYS[1], 'status', 'decided', 'decision', ARGV[1],
  'reason', ARGV[2], 'decidedAt', now, 'decidedBy', ARGV[4],
  'decidedByActor', ARGV[3])
if not redis.call('HGET', KEYS[1], 'reviewStartedAt') then
  redis.call('HSET', KEYS[1], 'reviewStartedAt', now, 'reviewedBy', ARGV[4])
end
redis.call('DEL', KEYS[2])
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
audit_append(KEYS[4], KEYS[5], now, ARGV[3], 'appeal.decided',
  'appeal:' .. id, cjson.encode(data))
return request_finish(ARGV[7], ARGV[8], accept({ decidedAt = now,
  retestBookingId = data.retestBookingId }))
