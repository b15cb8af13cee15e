-- Gives an attempt its document number once: a reprint, a retried job or a
-- concurrent second issue all get the same number and issue time.
-- KEYS[1] cert:attempt:<attemptId>, KEYS[2] cert:seq:<year>
-- ARGV[1] number prefix with the year ("SYN-2026"), ARGV[2] issuedAt (epoch ms)
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
local n = redis.call('INCR', KEYS[2])
local value = cjson.encode({
  number = string.format('%s-%06d', ARGV[1], n),
  issuedAt = ARGV[2],
})
redis.call('SET', KEYS[1], value)
return value
