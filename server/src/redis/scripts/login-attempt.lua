-- Counts one sign-in attempt BEFORE its password is checked, so parallel
-- guesses cannot slip past the limit while scrypt runs.
-- KEYS[1] the account's counter (inside or outside the staff networks),
-- KEYS[2] the client address's counter
-- ARGV: account limit, address limit, window (seconds)
-- Accepts the attempt for its password check, or refuses it (`rate_limited`,
-- with `retryAfterSeconds`) when either counter is past its limit.
--#include reply
local window = tonumber(ARGV[3])
local account = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], window, 'NX')
local address = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], window, 'NX')
if account > tonumber(ARGV[1]) or address > tonumber(ARGV[2]) then
  local wait = math.max(redis.call('TTL', KEYS[1]), redis.call('TTL', KEYS[2]), 1)
  return refuse('rate_limited', { retryAfterSeconds = wait })
end
return accept(true)
