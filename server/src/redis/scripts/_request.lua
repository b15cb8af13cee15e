-- Exactly-once commands, pulled in with `--#include request` after `reply`
-- (or `attempt`, which pulls that in). A command that carries its client's
-- request id passes two values, '' and '' when it has none:
--   key          'request:<SHA-256 hex of the request id>' (never the id:
--                a repeat of a booking returns its code, so the id is a
--                secret of its client)
--   fingerprint  SHA-256 of actor, command and arguments (made in TS)
-- The script first asks request_replay: a repeat gets the stored reply; then
-- it runs and hands its reply to request_finish, which stores a success in
-- the same atomic step as the change it made. Refusals change nothing and
-- are not stored: a repeat is judged again.

local REQUEST_TTL_SECONDS = 86400

-- The answer to a repeat: the stored reply with `replayed = true`, or the
-- refusal `request_id_reused` when the id came with another command; nil
-- for a new request (or none).
local function request_replay(key, fingerprint)
  if key == nil or key == '' then return nil end
  local stored = redis.call('HMGET', key, 'fingerprint', 'reply')
  if not stored[1] then return nil end
  if stored[1] ~= fingerprint then
    return refuse('request_id_reused')
  end
  -- Appended as text: decoding and encoding again could change the reply.
  return string.sub(stored[2], 1, -2) .. ',"replayed":true}'
end

-- Passes a reply (a JSON object) through, first storing it under the request
-- when it is not a refusal.
local function request_finish(key, fingerprint, reply)
  if key == nil or key == '' then return reply end
  if cjson.decode(reply).error == nil then
    redis.call('HSET', key, 'fingerprint', fingerprint, 'reply', reply)
    redis.call('EXPIRE', key, REQUEST_TTL_SECONDS)
  end
  return reply
end
