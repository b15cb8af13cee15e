-- Anonymizes one written refusal for the retention purge, once: the name
-- as stated becomes the placeholder, the masked IIN and the note (it may
-- name people) go. Number, kind, reason, slot, center, the time, the staff
-- member and the slip's frozen facts stay, so the numbering and the counts
-- are unchanged and a reprint shows the refusal without the person. The
-- audit entry names no person.
-- KEYS: 1 refusal, 2 audit stream, 3 audit head
-- ARGV: 1 placeholder name, 2 actor, 3 cut-off date
--#include audit
--#include reply
local f = redis.call('HMGET', KEYS[1], 'id', 'anonymizedAt', 'number')
if not f[1] then return refuse('not_found') end
if f[2] and f[2] ~= '' then return refuse('already_anonymized') end
local now = now_ms()
redis.call('HSET', KEYS[1], 'fullName', ARGV[1], 'anonymizedAt', now)
redis.call('HDEL', KEYS[1], 'maskedIin', 'note')
audit_append(KEYS[2], KEYS[3], now, ARGV[2], 'refusal.anonymized',
  'refusal:' .. f[1], cjson.encode({ before = ARGV[3], number = f[3] }))
return accept({ at = now })
