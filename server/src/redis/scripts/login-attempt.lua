-- Counts one sign-in attempt BEFORE its password is checked, so parallel
-- guesses cannot slip past the limit while scrypt runs.
-- KEYS[1] the account's counter (inside or outside the staff networks),
-- KEYS[2] the client address's counter
-- ARGV: account limit, address limit, window (seconds)
-- Returns { 1, 0 } when the attempt may be evaluated, { 0, retryAfter } when
-- either counter is past its limit.
local window = tonumber(ARGV[3])
local account = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], window, 'NX')
local address = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], window, 'NX')
if account > tonumber(ARGV[1]) or address > tonumber(ARGV[2]) then
  local wait = math.max(redis.call('TTL', KEYS[1]), redis.call('TTL', KEYS[2]), 1)
  return { 0, wait }
end
return { 1, 0 }
