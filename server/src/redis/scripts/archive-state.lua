-- Moves a slot's archive pointer from one state to the next and keeps the
-- set of archived slots in step (a member exactly while `archived`).
-- KEYS[1] pointer, KEYS[2] archive:slots, KEYS[3] archive:slots:in-progress
-- (a member from archive-begin.lua until `archived` or `restored`)
-- ARGV[1] slot id, ARGV[2] expected state(s), `|`-separated, ARGV[3] new state
--#include reply
local state = redis.call('HGET', KEYS[1], 'state') or ''
local function settle()
  if ARGV[3] == 'archived' or ARGV[3] == 'restored' then
    redis.call('SREM', KEYS[3], ARGV[1])
  end
end
if state == ARGV[3] then
  settle()
  return accept(redis.call('HGETALL', KEYS[1]))
end
if not string.find('|' .. ARGV[2] .. '|', '|' .. state .. '|', 1, true) then
  return refuse('archive_wrong_state', { state = state })
end
redis.call('HSET', KEYS[1], 'state', ARGV[3])
if ARGV[3] == 'archived' then
  redis.call('SADD', KEYS[2], ARGV[1])
else
  redis.call('SREM', KEYS[2], ARGV[1])
end
settle()
return accept(redis.call('HGETALL', KEYS[1]))
