-- Starts (or resumes) writing a new archive version of a slot.
-- KEYS[1] archive:slot:<id> (the pointer), KEYS[2] its versions list
-- ARGV[1] slot id, ARGV[2] reason
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
return accept(redis.call('HGETALL', KEYS[1]))
