-- KEYS[1] audit stream, KEYS[2] its head hash
-- ARGV: actor, action, subject, data (JSON)
--#include audit
local at = now_ms()
local id = audit_append(KEYS[1], KEYS[2], at, ARGV[1], ARGV[2], ARGV[3], ARGV[4])
return cjson.encode({ id = id, at = at })
