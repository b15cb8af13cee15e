-- Records the document of a result revision: the attempt and the booking
-- show its number, the revision remembers it. Idempotent.
-- KEYS: 1 attempt, 2 booking, 3 revisions (list), 4 audit stream, 5 head
-- ARGV: 1 revision (1-based), 2 new number, 3 replaced number ('' if none),
--       4 actor
--#include audit
--#include reply
local index = tonumber(ARGV[1]) - 1
local entry = redis.call('LINDEX', KEYS[3], index)
if not entry then return refuse('revision_not_found') end
local revision = cjson.decode(entry)
if revision.certificateNumber == ARGV[2] then return accept({ unchanged = true }) end
local now = now_ms()
revision.certificateNumber = ARGV[2]
revision.issuedAt = now
-- A first document issued only after the re-scoring: name it now.
if ARGV[3] ~= '' then revision.previousCertificateNumber = ARGV[3] end
redis.call('LSET', KEYS[3], index, cjson.encode(revision))
-- A later revision's document may already be recorded: never go back.
if index + 1 == redis.call('LLEN', KEYS[3]) then
  redis.call('HSET', KEYS[1], 'certificateNumber', ARGV[2])
  redis.call('HSET', KEYS[2], 'certificateNumber', ARGV[2])
end
audit_append(KEYS[4], KEYS[5], now, ARGV[4], 'attempt.reissued',
  'attempt:' .. redis.call('HGET', KEYS[1], 'id'), cjson.encode({
  revision = tonumber(ARGV[1]), number = ARGV[2], replaces = ARGV[3] }))
return accept({ at = now })
