-- Shared helpers, pulled into a script with `--#include audit`.

-- Redis TIME in epoch milliseconds: the only clock state changes trust.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Appends one entry to a hash-chained audit stream. Each entry's hash
-- covers the previous hash, so editing or deleting history breaks the chain.
-- SHA-1 is what Redis scripting offers; the chain is tamper-evident, and the
-- documents that need signatures are signed elsewhere.
local function audit_append(stream, head, at, actor, action, subject, data)
  local prev = redis.call('GET', head) or '0'
  local at_s = tostring(at)
  local hash = redis.sha1hex(prev .. '\n' .. at_s .. '\n' .. actor .. '\n' ..
    action .. '\n' .. subject .. '\n' .. data)
  local id = redis.call('XADD', stream, '*', 'at', at_s, 'actor', actor,
    'action', action, 'subject', subject, 'data', data, 'prev', prev,
    'hash', hash)
  redis.call('SET', head, hash)
  return id
end
