-- A reviewer takes up a filed appeal: filed → under_review, once.
-- KEYS: 1 appeal, 2 audit stream, 3 audit head
-- ARGV: 1 actor, 2 reviewer's name
--#include audit
--#include reply
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return refuse('not_found') end
if status ~= 'filed' then return refuse('not_filed', { status = status }) end
local now = now_ms()
redis.call('HSET', KEYS[1], 'status', 'under_review', 'reviewStartedAt', now,
  'reviewedBy', ARGV[2])
audit_append(KEYS[2], KEYS[3], now, ARGV[1], 'appeal.review_started',
  'appeal:' .. redis.call('HGET', KEYS[1], 'id'), '{}')
return accept({ at = now })
