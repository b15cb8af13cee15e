-- Decides a complaint once, with its reason; a second decision is refused
-- (a repeat of the same request gets the first reply). Audited in the
-- stream the complaint was filed in, with whether the deadline was kept.
-- KEYS: 1 complaint, 2 open complaints (zset), 3 decided complaints (zset
--       by decidedAt), 4 audit stream, 5 audit head
-- ARGV: 1 outcome (upheld|rejected), 2 reason, 3 actor, 4 actor's name,
--       5 request key, 6 its fingerprint (_request.lua)
--#include audit
--#include reply
--#include request
local replay = request_replay(ARGV[5], ARGV[6])
if replay then return replay end
local f = redis.call('HMGET', KEYS[1], 'id', 'state', 'number', 'deadlineAt')
if not f[1] then return refuse('not_found') end
if f[2] == 'decided' then return refuse('already_decided') end
local now = now_ms()
local late = now >= tonumber(f[4])
redis.call('HSET', KEYS[1], 'state', 'decided', 'outcome', ARGV[1],
  'reason', ARGV[2], 'decidedAt', now, 'decidedBy', ARGV[4],
  'decidedByActor', ARGV[3])
redis.call('ZREM', KEYS[2], f[1])
redis.call('ZADD', KEYS[3], now, f[1])
audit_append(KEYS[4], KEYS[5], now, ARGV[3], 'complaint.decided',
  'complaint:' .. f[1], cjson.encode({ number = f[3], outcome = ARGV[1],
  reason = ARGV[2], late = late }))
return request_finish(ARGV[5], ARGV[6], accept({ decidedAt = now,
  late = late }))
