-- Redeems a one-time enrollment code for a device token bound to a seat.
-- KEYS: enrollment, seat→kiosk, new kiosk, new token, kiosk set,
--       audit stream, audit head
-- ARGV: kioskId, tokenHash, seatId, centerId, roomId, deviceName
--#include audit
--#include reply
--#include seats
local seat = redis.call('HGET', KEYS[1], 'seatId')
if not seat or seat ~= ARGV[3] then
  return refuse('enrollment_code_invalid')
end
local createdBy = redis.call('HGET', KEYS[1], 'createdBy') or ''
redis.call('DEL', KEYS[1])
local now = now_ms()

-- One kiosk per seat: the previous one stops working at once.
local previous = redis.call('GET', KEYS[2])
if previous then
  local prevKey = 'kiosk:' .. previous
  local prevToken = redis.call('HGET', prevKey, 'tokenHash')
  if prevToken then redis.call('DEL', 'kiosk-token:' .. prevToken) end
  if not redis.call('HGET', prevKey, 'revokedAt') then
    redis.call('HSET', prevKey, 'revokedAt', now)
  end
end

redis.call('HSET', KEYS[3], 'id', ARGV[1], 'seatId', ARGV[3],
  'centerId', ARGV[4], 'roomId', ARGV[5], 'tokenHash', ARGV[2],
  'enrolledAt', now, 'enrolledBy', createdBy, 'connections', 0,
  'deviceName', ARGV[6])
redis.call('SET', KEYS[4], ARGV[1])
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[5], ARGV[1])
-- A seat with a kiosk and nobody on it is one admission may take.
seat_changed(ARGV[3])
audit_append(KEYS[6], KEYS[7], now, createdBy, 'kiosk.enrolled',
  'kiosk:' .. ARGV[1], cjson.encode({ seatId = ARGV[3],
  replaced = previous or cjson.null }))
return accept({ kioskId = ARGV[1], seatId = ARGV[3],
  replacedKioskId = previous or cjson.null })
