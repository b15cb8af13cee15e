-- Stores a program's item statistics made of its merged counts at a
-- version (analytics-save.lua bumps it with every change), unless
-- statistics of a later version are stored: runs of the program's slots
-- overlap, and the later reading wins.
-- KEYS: 1 analytics:program:<id>:items, 2 its version
-- ARGV: 1 statistics JSON, 2 the counts' version
local stored = tonumber(redis.call('GET', KEYS[2]))
if stored and stored > tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
return 1
