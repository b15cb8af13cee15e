-- Shared helpers, pulled into a script with `--#include audit`.

-- Redis TIME in epoch milliseconds: the only clock state changes trust.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The personal fields of an entry's data (top level, string values): kept
-- as salted commitments so a purge can drop the values and the chain still
-- verifies. The one list: audit/pii.ts reads it from here.
local AUDIT_PII_FIELDS = { 'iin', 'fullName', 'holderName', 'phone', 'email' }
-- What each field's key looks like in the JSON, to look for it.
local AUDIT_PII_NEEDLES = {}
for i, field in ipairs(AUDIT_PII_FIELDS) do
  AUDIT_PII_NEEDLES[i] = '"' .. field .. '":'
end
-- 32-byte random hex values pushed by Node (audit/pii.ts): Lua has no
-- randomness of its own (math.random is seeded alike on every call).
local AUDIT_SALT_POOL = 'audit:salt-pool'
local AUDIT_SALT_POOL_EMPTY = 'audit:salt-pool:empty'
-- A scope's key after the retention purge: its values are gone for good.
local AUDIT_PII_PURGED = 'purged'

-- The data with each personal value replaced by {"c": sha1(salt \n value)},
-- salt = sha1(key \n prev \n field), and the values (JSON) for the stream's
-- `pii` field, which the hash does not cover; unchanged data and nil when
-- there is nothing personal. Without a key (the pool ran dry) the values
-- stay in plain (dropped in a purged scope) and the miss is counted: a
-- state change is never refused.
local function audit_commit_pii(stream, prev, data)
  local found = false
  for _, needle in ipairs(AUDIT_PII_NEEDLES) do
    if string.find(data, needle, 1, true) then
      found = true
      break
    end
  end
  if not found then return data, nil end
  local ok, decoded = pcall(cjson.decode, data)
  if not ok or type(decoded) ~= 'table' then return data, nil end
  local fields = {}
  for _, field in ipairs(AUDIT_PII_FIELDS) do
    if type(decoded[field]) == 'string' then fields[#fields + 1] = field end
  end
  if #fields == 0 then return data, nil end
  local key_name = stream .. ':pii-key'
  local key = redis.call('GET', key_name)
  local keep = true
  if not key then
    key = redis.call('LPOP', AUDIT_SALT_POOL)
    if key then redis.call('SET', key_name, key) end
  elseif key == AUDIT_PII_PURGED then
    -- A purged scope keeps no new values either: a one-off key, forgotten.
    key = redis.call('LPOP', AUDIT_SALT_POOL)
    keep = false
  end
  if not key then
    redis.call('INCR', AUDIT_SALT_POOL_EMPTY)
    -- A purged scope keeps no personal value, pool or not: an empty
    -- commitment that nothing opens.
    if not keep then
      for _, field in ipairs(fields) do decoded[field] = { c = '' } end
      return cjson.encode(decoded), nil
    end
    return data, nil
  end
  local pii = {}
  for _, field in ipairs(fields) do
    local salt = redis.sha1hex(key .. '\n' .. prev .. '\n' .. field)
    pii[field] = decoded[field]
    decoded[field] = { c = redis.sha1hex(salt .. '\n' .. decoded[field]) }
  end
  return cjson.encode(decoded), keep and cjson.encode(pii) or nil
end

-- An entry's hash: it covers the previous hash, so editing or deleting
-- history breaks the chain. SHA-1 is what Redis scripting offers; the chain
-- is tamper-evident, and the documents that need signatures are signed
-- elsewhere.
local function audit_hash(prev, at_s, actor, action, subject, data)
  return redis.sha1hex(prev .. '\n' .. at_s .. '\n' .. actor .. '\n' ..
    action .. '\n' .. subject .. '\n' .. data)
end

-- Appends one entry whose data has no personal field by construction (a
-- script's own JSON of ids and numbers, such as an answer's) to a
-- hash-chained audit stream after `prev`, the chain's head as the caller
-- holds it, and returns the entry's id and hash (the new head), which the
-- caller keeps. Nothing to commit, so nothing to look for: the entry is
-- the one audit_append_after would write.
local function audit_append_plain(stream, prev, at, actor, action, subject,
    data)
  local at_s = tostring(at)
  local hash = audit_hash(prev, at_s, actor, action, subject, data)
  return redis.call('XADD', stream, '*', 'at', at_s, 'actor', actor,
    'action', action, 'subject', subject, 'data', data, 'prev', prev,
    'hash', hash), hash
end

-- Appends one entry after `prev`, its personal values committed first
-- (audit_commit_pii); as audit_append_plain otherwise.
local function audit_append_after(stream, prev, at, actor, action, subject, data)
  local committed, pii = audit_commit_pii(stream, prev, data)
  if not pii then
    return audit_append_plain(stream, prev, at, actor, action, subject,
      committed)
  end
  local at_s = tostring(at)
  local hash = audit_hash(prev, at_s, actor, action, subject, committed)
  return redis.call('XADD', stream, '*', 'at', at_s, 'actor', actor,
    'action', action, 'subject', subject, 'data', committed, 'prev', prev,
    'hash', hash, 'pii', pii), hash
end

-- Appends one entry, the chain's head read from and written to `head`.
local function audit_append(stream, head, at, actor, action, subject, data)
  local id, hash = audit_append_after(stream,
    redis.call('GET', head) or '0', at, actor, action, subject, data)
  redis.call('SET', head, hash)
  return id
end
