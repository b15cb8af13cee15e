-- Records a rendered document (first issue or a re-render of a lost file)
-- and its hash index, with the audit entry, atomically.
-- KEYS[1] cert:doc:<number>, KEYS[2] cert:by-sha256,
-- KEYS[3] audit stream of the slot, KEYS[4] its head,
-- KEYS[5] archive:slot:<slotId> (the slot's archive pointer, read only)
-- ARGV[1] number, ARGV[2] sha256, ARGV[3] actor, ARGV[4] audit data (JSON),
-- ARGV[5..] field, value pairs for the document hash
-- Answers 'slot_archiving' (nothing written) while the slot's archival is
-- writing its file or deleting its keys (see cert-revoke.lua).
--#include audit
local archiving = redis.call('HGET', KEYS[5], 'state')
if archiving == 'writing' or archiving == 'deleting' then
  return 'slot_archiving'
end
local previous = redis.call('HGET', KEYS[1], 'sha256')
if previous == ARGV[2] then return 'unchanged' end
-- An earlier file's hash stays in the index: copies of it that were handed
-- out are genuine and must keep verifying.
local at = now_ms()
local fields = { 'number', ARGV[1], 'sha256', ARGV[2], 'renderedAt', tostring(at) }
for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
local action = previous and 'certificate.rerendered' or 'certificate.issued'
audit_append(KEYS[3], KEYS[4], at, ARGV[3], action, 'certificate:' .. ARGV[1], ARGV[4])
return previous and 'rerendered' or 'issued'
