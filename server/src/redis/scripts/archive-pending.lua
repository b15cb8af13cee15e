-- Notes the archive file about to be renamed into place (its SHA-256), so
-- that a run resuming after a crash knows the file it finds is this one.
-- KEYS[1] pointer; ARGV[1] version, ARGV[2] file, ARGV[3] sha256, ARGV[4] bytes
--#include reply
if redis.call('HGET', KEYS[1], 'state') ~= 'writing'
  or redis.call('HGET', KEYS[1], 'pendingVersion') ~= ARGV[1] then
  return refuse('archive_not_writing', {})
end
redis.call('HSET', KEYS[1], 'pendingFile', ARGV[2], 'pendingSha256', ARGV[3],
  'pendingBytes', ARGV[4])
return accept(true)
