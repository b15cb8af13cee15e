-- The same fields of many hashes in one call (redis/fields.ts): a pass over
-- thousands of records reads them in a few replies instead of one command
-- each. Read-only.
-- KEYS: the hashes
-- ARGV: the field names
-- Returns one list of values per hash, in order (a missing field or hash
-- is nil).
local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call('HMGET', key, unpack(ARGV))
end
return out
