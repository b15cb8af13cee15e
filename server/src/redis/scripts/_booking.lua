-- Booking helpers, pulled in with `--#include booking` (after `reply`).

-- Statuses that hold a seat and the IIN's one booking per program.
local ACTIVE_BOOKING = { booked = true, admitted = true, in_progress = true }

-- The IIN's active booking for the program, or nil. Reads the bookings the
-- IIN's set names; the engine moves their status, so no separate index of
-- "active" bookings could be trusted.
local function active_booking_for_program(prefix, iin_set, program_id)
  for _, id in ipairs(redis.call('SMEMBERS', iin_set)) do
    local f = redis.call('HMGET', prefix .. id, 'status', 'programId')
    if f[1] and ACTIVE_BOOKING[f[1]] and f[2] == program_id then
      return id
    end
  end
  return nil
end

-- For a slot that must take bookings now: an encoded refusal, or nil and
-- the slot's seat numbers.
local function check_slot_open(slot_key, program_id, now)
  local f = redis.call('HMGET', slot_key, 'status', 'programId',
    'bookingCutoffAt', 'seatsOffered', 'bookedSeats')
  if not f[1] then return refuse('slot_not_found') end
  if f[2] ~= program_id then return refuse('program_mismatch') end
  if f[1] ~= 'open' then
    return refuse('slot_closed', { reason = 'cancelled' })
  end
  if now >= tonumber(f[3]) then
    return refuse('slot_closed', { reason = 'cutoff' })
  end
  return nil, { seats = tonumber(f[4]), booked = tonumber(f[5] or '0') or 0 }
end

-- Writes a new booking hash; empty optional fields are left out.
local function write_booking(key, b, now)
  local fields = { 'id', b.id, 'status', 'booked', 'iin', b.iin,
    'fullName', b.fullName, 'programId', b.programId, 'slotId', b.slotId,
    'language', b.language, 'source', b.source, 'codeHash', b.codeHash,
    'consentVersion', b.consentVersion, 'consentAt', now, 'createdAt', now }
  for _, name in ipairs({ 'collectedBy', 'collectedByName', 'phone',
      'positionCategory', 'candidateKind', 'email', 'notifyBy',
      'messageLanguage' }) do
    local value = b[name]
    if type(value) == 'string' and value ~= '' then
      fields[#fields + 1] = name
      fields[#fields + 1] = value
    end
  end
  if type(b.formOpenedAt) == 'number' and b.formOpenedAt > 0 then
    fields[#fields + 1] = 'formOpenedAt'
    fields[#fields + 1] = b.formOpenedAt
  end
  redis.call('HSET', key, unpack(fields))
end
