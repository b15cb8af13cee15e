-- Records a written, verified archive file as the slot's current version
-- and moves on to deleting its keys. Twice is once: the version is listed
-- one time however often this runs.
-- KEYS[1] pointer, KEYS[2] versions list, KEYS[3] slot:<id> (read only:
-- its center, program and times go into the pointer, as archive-begin.lua)
-- ARGV[1] version, ARGV[2] the version's JSON (ArchiveVersion),
-- ARGV[3] file, ARGV[4] sha256, ARGV[5] bytes, ARGV[6] at, ARGV[7] reason
--#include reply
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'deleting' and redis.call('HGET', KEYS[1], 'version') == ARGV[1] then
  return accept(redis.call('HGETALL', KEYS[1]))
end
if state ~= 'writing' or redis.call('HGET', KEYS[1], 'pendingVersion') ~= ARGV[1] then
  return refuse('archive_not_writing', { state = state or '' })
end
local listed = false
local last = redis.call('LINDEX', KEYS[2], -1)
if last then
  local entry = cjson.decode(last)
  listed = tostring(entry.version) == ARGV[1]
end
if not listed then redis.call('RPUSH', KEYS[2], ARGV[2]) end
redis.call('HSET', KEYS[1], 'state', 'deleting', 'version', ARGV[1],
  'file', ARGV[3], 'sha256', ARGV[4], 'bytes', ARGV[5], 'at', ARGV[6],
  'reason', ARGV[7])
redis.call('HDEL', KEYS[1], 'pendingVersion', 'pendingReason',
  'pendingSha256', 'pendingFile', 'pendingBytes')
local slot = redis.call('HMGET', KEYS[3], 'centerId', 'programId',
  'startsAt', 'endsAt')
if slot[1] and slot[1] ~= '' then
  redis.call('HSET', KEYS[1], 'centerId', slot[1], 'programId', slot[2] or '',
    'startsAt', slot[3] or '', 'endsAt', slot[4] or '')
end
return accept(redis.call('HGETALL', KEYS[1]))
