-- Records that the attempt's document reached the candidate: printed and
-- handed over, or sent electronically (§7(5): within 20 minutes of the
-- end). Once per document: a second hand-over of the same number changes
-- nothing and answers the first record; a document re-issued after an
-- appeal has a number of its own and is handed over again.
-- KEYS: 1 attempt, 2 the document (cert:doc:<number>), 3 the slot's audit
--       stream, 4 its head, 5 the slot's archive pointer (archive:slot:<id>)
-- Refused (`slot_archiving`, not kept as the request's reply: a repeat
-- after the archival goes to the archived document's hand-over) while the
-- slot's archive is being written or its keys deleted: the record would
-- miss the file and go with the keys.
-- ARGV: 1 the document number the staff saw, 2 method, 3 actor, 4 staff
--       account id, 5 staff full name, 6 request key, 7 its fingerprint
--       ('' and '' without a request id: _request.lua)
--#include audit
--#include reply
--#include request
local replay = request_replay(ARGV[6], ARGV[7])
if replay then return replay end
local archiving = redis.call('HGET', KEYS[5], 'state')
if archiving == 'writing' or archiving == 'deleting' then
  return refuse('slot_archiving')
end

local function body()
  local state = redis.call('HGET', KEYS[1], 'state')
  if not state then return refuse('attempt_not_found') end
  local number = redis.call('HGET', KEYS[1], 'certificateNumber')
  if state ~= 'issued' or not number or number == '' then
    return refuse('document_not_issued', { state = state })
  end
  -- Re-issued since the caller read the attempt: it was another paper.
  if number ~= ARGV[1] then
    return refuse('document_replaced', { number = number })
  end
  if redis.call('HEXISTS', KEYS[2], 'revokedAt') == 1 then
    return refuse('document_revoked', { number = number })
  end
  if redis.call('HGET', KEYS[1], 'handedOverNumber') == number then
    return accept({ recorded = false, handover = {
      number = number,
      method = redis.call('HGET', KEYS[1], 'handoverMethod'),
      at = hnum(KEYS[1], 'handedOverAt'),
      by = cjson.decode(redis.call('HGET', KEYS[1], 'handedOverBy')) } })
  end
  local now = now_ms()
  local by = { id = ARGV[4], fullName = ARGV[5] }
  redis.call('HSET', KEYS[1], 'handedOverAt', now,
    'handedOverBy', cjson.encode(by), 'handoverMethod', ARGV[2],
    'handedOverNumber', number)
  audit_append(KEYS[3], KEYS[4], now, ARGV[3], 'document.handed_over',
    'attempt:' .. redis.call('HGET', KEYS[1], 'id'),
    cjson.encode({ number = number, method = ARGV[2] }))
  return accept({ recorded = true, handover = { number = number,
    method = ARGV[2], at = now, by = by } })
end
return request_finish(ARGV[6], ARGV[7], body())
