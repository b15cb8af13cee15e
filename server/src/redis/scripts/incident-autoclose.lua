-- Closes short disconnects the kiosk recovered from by itself: each one
-- still open and measured under the limit is marked `closedAutomatically`
-- (it needs no acknowledgement) with its own `incident.auto_closed` audit
-- entry, and leaves the attempt's settling set either way. A repeat, or an
-- incident staff acknowledged meanwhile, changes nothing.
-- KEYS: 1 attempt:<id>:incidents:settling, 2 audit stream, 3 its head,
--       4.. incident:<id>
-- ARGV: 1 actor, 2 the limit in ms, 3.. the incidents' ids (as KEYS 4..)
--#include audit
--#include reply
local now = now_ms()
local limit = tonumber(ARGV[2])
local closed = {}
for i = 4, #KEYS do
  local id = ARGV[i - 1]
  redis.call('ZREM', KEYS[1], id)
  local raw = redis.call('GET', KEYS[i])
  if raw then
    local incident = cjson.decode(raw)
    local duration = incident.durationMs
    if incident.acknowledgedAt == nil and type(duration) == 'number'
        and duration < limit then
      incident.closedAutomatically = true
      incident.acknowledgedAt = now
      redis.call('SET', KEYS[i], cjson.encode(incident))
      audit_append(KEYS[2], KEYS[3], now, ARGV[1], 'incident.auto_closed',
        'attempt:' .. incident.attemptId,
        cjson.encode({ incidentId = incident.id, type = incident.type,
          durationMs = duration }))
      closed[#closed + 1] = id
    end
  end
end
return accept({ closed = closed })
