-- Records that a document of an archived slot reached the candidate (one
-- who came for it after the slot was archived without a hand-over): the
-- record goes to archived:handover:<number>, audited in the center's
-- stream, because the slot's own stream now lives in its archive file and
-- must not grow a second chain in Redis. Once per document, like
-- attempt-handover.lua; a revoked or replaced document is refused.
-- KEYS: 1 archived:handover:<number>, 2 archived:doc:<number> (the
--       document's stub, read only), 3 the center's audit stream, 4 its head
-- ARGV: 1 number, 2 method, 3 actor, 4 staff account id, 5 staff full
--       name, 6 attempt id ('' when unknown), 7 request key, 8 its
--       fingerprint ('' and '' without a request id: _request.lua)
--#include audit
--#include reply
--#include request
local replay = request_replay(ARGV[7], ARGV[8])
if replay then return replay end

local function body()
  -- A stub always has its slotId (certificates/repository.ts).
  local stub = redis.call('HMGET', KEYS[2], 'slotId', 'revokedAt',
    'replacedBy', 'slotId')
  if not stub[1] then return refuse('document_not_found') end
  if stub[3] and stub[3] ~= '' then
    return refuse('document_replaced', { number = stub[3] })
  end
  if stub[2] and stub[2] ~= '' then
    return refuse('document_revoked', { number = ARGV[1] })
  end
  if redis.call('HGET', KEYS[1], 'number') == ARGV[1] then
    return accept({ recorded = false, handover = {
      number = ARGV[1],
      method = redis.call('HGET', KEYS[1], 'method'),
      at = hnum(KEYS[1], 'at'),
      by = cjson.decode(redis.call('HGET', KEYS[1], 'by')) } })
  end
  local now = now_ms()
  local by = { id = ARGV[4], fullName = ARGV[5] }
  redis.call('HSET', KEYS[1], 'number', ARGV[1], 'method', ARGV[2],
    'at', now, 'by', cjson.encode(by), 'slotId', stub[4] or '',
    'attemptId', ARGV[6])
  local subject = ARGV[6] ~= '' and ('attempt:' .. ARGV[6])
    or ('certificate:' .. ARGV[1])
  audit_append(KEYS[3], KEYS[4], now, ARGV[3], 'document.handed_over',
    subject, cjson.encode({ number = ARGV[1], method = ARGV[2],
    slotId = stub[4] or '', archived = true }))
  return accept({ recorded = true, handover = { number = ARGV[1],
    method = ARGV[2], at = now, by = by } })
end
return request_finish(ARGV[7], ARGV[8], body())
