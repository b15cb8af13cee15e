-- Starts (or resumes) writing a new archive version of a slot.
-- KEYS[1] archive:slot:<id> (the pointer), KEYS[2] its versions list,
-- KEYS[3] slot:<id> (the slot's hash, read only),
-- KEYS[4] archive:slots:in-progress (set: slots with a version begun and
-- not yet `archived` or `restored`; the sweep resumes them from there)
-- ARGV[1] slot id, ARGV[2] reason
-- The slot's center, program and times are copied into the pointer while
-- the slot's hash is there: once it is deleted, staff scope checks read
-- the center from the pointer (slots/owners.ts). A pointer written before
-- these fields existed gets them on its next version.
-- A pointer already `writing` or `deleting` is resumed as it is (a crash
-- half-way); an `archived` slot must be restored before a new version.
--#include reply
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'archived' then
  return refuse('archive_already_archived', {})
end
if state ~= 'writing' and state ~= 'deleting' then
  local last = tonumber(redis.call('HGET', KEYS[1], 'version') or '0') or 0
  local listed = redis.call('LLEN', KEYS[2])
  if listed > last then last = listed end
  redis.call('HSET', KEYS[1], 'slotId', ARGV[1], 'state', 'writing',
    'pendingVersion', tostring(last + 1), 'pendingReason', ARGV[2])
  redis.call('HDEL', KEYS[1], 'pendingSha256', 'pendingFile', 'pendingBytes',
    'stubsAt')
end
redis.call('SADD', KEYS[4], ARGV[1])
local slot = redis.call('HMGET', KEYS[3], 'centerId', 'programId',
  'startsAt', 'endsAt')
if slot[1] and slot[1] ~= '' then
  redis.call('HSET', KEYS[1], 'centerId', slot[1], 'programId', slot[2] or '',
    'startsAt', slot[3] or '', 'endsAt', slot[4] or '')
end
return accept(redis.call('HGETALL', KEYS[1]))
