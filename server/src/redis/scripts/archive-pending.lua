-- Notes the archive file about to be renamed into place (its SHA-256), so
-- that a run resuming after a crash knows the file it finds is this one.
-- KEYS[1] pointer, KEYS[2] its versions list
-- ARGV[1] version, ARGV[2] file, ARGV[3] sha256, ARGV[4] bytes
-- Refuses (`archive_version_listed`) a file a recorded version names: the
-- writer may then treat a different file it finds under that name as a
-- stray (moved aside, never deleted), because no version points at it.
--#include reply
if redis.call('HGET', KEYS[1], 'state') ~= 'writing'
  or redis.call('HGET', KEYS[1], 'pendingVersion') ~= ARGV[1] then
  return refuse('archive_not_writing', {})
end
for _, raw in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local ok, entry = pcall(cjson.decode, raw)
  if ok and type(entry) == 'table'
    and (entry.file == ARGV[2] or tostring(entry.version) == ARGV[1]) then
    return refuse('archive_version_listed', { file = ARGV[2] })
  end
end
redis.call('HSET', KEYS[1], 'pendingFile', ARGV[2], 'pendingSha256', ARGV[3],
  'pendingBytes', ARGV[4])
return accept(true)
