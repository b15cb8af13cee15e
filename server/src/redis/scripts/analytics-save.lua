-- Stores a slot's analytics unless a run that started later already did
-- (jobs may overlap; the newer reading of the data wins), and indexes the
-- slot by program and center.
-- KEYS: 1 analytics:slot:<id>, 2 its computedAt, 3 program's slots zset,
--       4 center's slots zset
-- ARGV: 1 analytics JSON, 2 computedAt, 3 startsAt, 4 slotId
local stored = tonumber(redis.call('GET', KEYS[2]))
if stored and stored > tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
return 1
