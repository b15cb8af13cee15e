-- KEYS: kiosk, audit stream, audit head.  ARGV: kioskId, actor
--#include audit
--#include reply
--#include seats
if redis.call('EXISTS', KEYS[1]) == 0 then
  return refuse('kiosk_not_found')
end
if redis.call('HGET', KEYS[1], 'revokedAt') then
  return refuse('already_revoked')
end
local now = now_ms()
local tokenHash = redis.call('HGET', KEYS[1], 'tokenHash')
local seatId = redis.call('HGET', KEYS[1], 'seatId')
redis.call('DEL', 'kiosk-token:' .. tokenHash)
redis.call('HSET', KEYS[1], 'revokedAt', now)
if redis.call('GET', 'seat:' .. seatId .. ':kiosk') == ARGV[1] then
  redis.call('DEL', 'seat:' .. seatId .. ':kiosk')
end
-- Without a kiosk the seat is not one admission may take.
seat_changed(seatId)
audit_append(KEYS[2], KEYS[3], now, ARGV[2], 'kiosk.revoked',
  'kiosk:' .. ARGV[1], cjson.encode({ seatId = seatId }))
return accept({ seatId = seatId })
