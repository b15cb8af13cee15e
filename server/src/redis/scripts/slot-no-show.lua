-- After the late-admission cutoff, bookings never admitted (still
-- `booked`) become `no_show`. Idempotent: a second run finds none.
-- KEYS: 1 slot, 2 slot's bookings, 3 audit stream, 4 audit head
-- ARGV: 1 booking key prefix, 2 actor
--#include audit
--#include reply
local cutoff = hnum(KEYS[1], 'lateAdmissionCutoffAt')
if not cutoff then return refuse('slot_not_found') end
local now = now_ms()
if now < cutoff then return refuse('too_early', { waitMs = cutoff - now }) end
local marked = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local key = ARGV[1] .. id
  local f = redis.call('HMGET', key, 'status', 'iin')
  if f[1] == 'booked' then
    redis.call('HSET', key, 'status', 'no_show', 'noShowAt', now)
    marked = marked + 1
    audit_append(KEYS[3], KEYS[4], now, ARGV[2], 'booking.no_show',
      'booking:' .. id, cjson.encode({ iin = f[2] }))
  end
end
redis.call('HSETNX', KEYS[1], 'noShowSweptAt', now)
return accept({ marked = marked })
