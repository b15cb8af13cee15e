-- Revokes a document once, with its audit entry in the slot's stream.
-- KEYS[1] cert:doc:<number>, KEYS[2] audit stream of the slot, KEYS[3] its head,
-- KEYS[4] archive:slot:<slotId> (the slot's archive pointer, read only)
-- ARGV[1] number, ARGV[2] reason, ARGV[3] actor, ARGV[4] replacedBy ('' for none)
-- Refused (`slot_archiving`) while the slot's archival is writing its file
-- or deleting its keys: the change would miss the file and be deleted with
-- the live key. Once `archived`, cert-revoke-archived.lua revokes the stub.
--#include audit
--#include reply
local archiving = redis.call('HGET', KEYS[4], 'state')
if archiving == 'writing' or archiving == 'deleting' then
  return refuse('slot_archiving')
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return refuse('not_found')
end
if redis.call('HEXISTS', KEYS[1], 'revokedAt') == 1 then
  return refuse('already_revoked')
end
local at = now_ms()
redis.call('HSET', KEYS[1], 'revokedAt', tostring(at), 'revokedReason', ARGV[2],
  'revokedBy', ARGV[3])
local data = { reason = ARGV[2] }
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'replacedBy', ARGV[4])
  data.replacedBy = ARGV[4]
end
audit_append(KEYS[2], KEYS[3], at, ARGV[3], 'certificate.revoked',
  'certificate:' .. ARGV[1], cjson.encode(data))
return accept({ revokedAt = at })
