-- Gives an attempt its document number once: a reprint, a retried job or a
-- concurrent second issue all get the same number and issue time. The
-- number (random part and check character) is made in Node; a number some
-- other attempt already holds is refused (`number_taken`) so Node draws
-- another.
-- KEYS[1] cert:attempt:<attemptId>, KEYS[2] cert:number-owners
-- ARGV[1] the new number, ARGV[2] issuedAt (epoch ms), ARGV[3] attemptId
--#include reply
local existing = redis.call('GET', KEYS[1])
if existing then return accept(cjson.decode(existing)) end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[3]) == 0 then
  return refuse('number_taken')
end
local allocation = { number = ARGV[1], issuedAt = ARGV[2] }
redis.call('SET', KEYS[1], cjson.encode(allocation))
return accept(allocation)
