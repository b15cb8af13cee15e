-- Carries a hand-over recorded while the slot was archived
-- (attempt-handover-archived.lua) into the restored attempt, so the
-- document is handed over once: its fields are copied when the attempt
-- holds that number and records no hand-over of it. Not audited again:
-- the center's stream has the entry.
-- KEYS: 1 attempt, 2 archived:handover:<number>
-- ARGV: 1 the document number
--#include reply
local number = redis.call('HGET', KEYS[1], 'certificateNumber')
if number ~= ARGV[1] or redis.call('HGET', KEYS[1], 'handedOverNumber') == number
    or redis.call('HGET', KEYS[2], 'number') ~= number then
  return accept({ carried = false })
end
local f = redis.call('HMGET', KEYS[2], 'at', 'by', 'method')
redis.call('HSET', KEYS[1], 'handedOverAt', f[1], 'handedOverBy', f[2],
  'handoverMethod', f[3], 'handedOverNumber', number)
return accept({ carried = true })
