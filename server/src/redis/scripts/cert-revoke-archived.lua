-- Revokes a document of an archived slot once: its stub (archived:doc:<n>)
-- takes the revocation, and the audit entry goes into the center's stream,
-- because the slot's own stream now lives in the archive file. The slot's
-- next archive version (after a restore) carries the revocation back into
-- cert:doc:<n> (certificates' reconcileDocumentStubs).
-- KEYS[1] archived:doc:<number>, KEYS[2] audit stream (center or network),
-- KEYS[3] its head
-- ARGV[1] number, ARGV[2] reason, ARGV[3] actor, ARGV[4] replacedBy ('' for none)
--#include audit
--#include reply
if redis.call('EXISTS', KEYS[1]) == 0 then
  return refuse('not_found')
end
if redis.call('HEXISTS', KEYS[1], 'revokedAt') == 1 then
  return refuse('already_revoked')
end
local at = now_ms()
local slot_id = redis.call('HGET', KEYS[1], 'slotId') or ''
redis.call('HSET', KEYS[1], 'revokedAt', tostring(at), 'revokedReason', ARGV[2],
  'revokedBy', ARGV[3], 'changedAfterArchive', '1')
local data = { reason = ARGV[2], slotId = slot_id, archived = true }
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'replacedBy', ARGV[4])
  data.replacedBy = ARGV[4]
end
audit_append(KEYS[2], KEYS[3], at, ARGV[3], 'certificate.revoked',
  'certificate:' .. ARGV[1], cjson.encode(data))
return accept({ revokedAt = at })
