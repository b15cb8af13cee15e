-- Writes an attempt's new score after an item was voided, once: the same
-- score again changes nothing (a redelivered job). An official result
-- becomes a new revision whose document the certificate.reissue job makes;
-- the booking shows the new pass/fail at once.
-- KEYS: 1 attempt, 2 booking, 3 revisions (list), 4 audit stream, 5 head
-- ARGV: 1 score JSON, 2 passed (1|0), 3 correct, 4 total, 5 appealId,
--       6 actor
--#include audit
--#include reply
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'scored' and state ~= 'issued' then
  return refuse('not_scored', { state = state })
end
local previous = redis.call('HGET', KEYS[1], 'result')
if previous == ARGV[1] then return accept({ unchanged = true }) end
local now = now_ms()
local id = redis.call('HGET', KEYS[1], 'id')
local before = cjson.decode(previous or '{}')
redis.call('HSET', KEYS[1], 'result', ARGV[1], 'passed', ARGV[2],
  'rescoredAt', now)
local official = redis.call('HGET', KEYS[1], 'officialAt') ~= false
local revision = 0
if official then
  redis.call('HSET', KEYS[2], 'resultPassed', ARGV[2])
  revision = redis.call('LLEN', KEYS[3]) + 1
  redis.call('RPUSH', KEYS[3], cjson.encode({ revision = revision, at = now,
    appealId = ARGV[5], score = cjson.decode(ARGV[1]),
    previousCertificateNumber =
      redis.call('HGET', KEYS[1], 'certificateNumber') or '' }))
end
audit_append(KEYS[4], KEYS[5], now, ARGV[6], 'attempt.rescored',
  'attempt:' .. id, cjson.encode({ appealId = ARGV[5],
  from = { correct = before.correct, total = before.total,
    passed = before.passed },
  to = { correct = tonumber(ARGV[3]), total = tonumber(ARGV[4]),
    passed = ARGV[2] == '1' }, revision = revision }))
return accept({ revision = revision, official = official })
