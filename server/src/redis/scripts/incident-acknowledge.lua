-- Acknowledges incidents with one comment: each one not yet acknowledged
-- (nor closed automatically) is marked with its first acknowledgement and
-- gets its own `incident.acknowledged` audit entry; a single acknowledgement
-- of one already handled only adds its comment (`incident.commented`).
-- KEYS: 1 audit stream, 2 its head, 3.. incident:<id>
-- ARGV: 1 actor, 2 staff name, 3 comment ('' for none), 4 episodes in the
--       request (0 for a single incident), 5 request key, 6 fingerprint
--       ('' and '' without a request id: _request.lua)
--#include audit
--#include reply
--#include request
local replay = request_replay(ARGV[5], ARGV[6])
if replay then return replay end
local now = now_ms()
local comment = ARGV[3]
local episodes = tonumber(ARGV[4]) or 0
local acknowledged = {}
for i = 3, #KEYS do
  local raw = redis.call('GET', KEYS[i])
  if raw then
    local incident = cjson.decode(raw)
    local first = incident.acknowledgedAt == nil
    if first or (episodes == 0 and comment ~= '') then
      if first then
        incident.acknowledgedBy = ARGV[2]
        incident.acknowledgedAt = now
        acknowledged[#acknowledged + 1] = incident.id
      end
      if comment ~= '' then
        local comments = incident.comments
        if type(comments) ~= 'table' then comments = {} end
        comments[#comments + 1] = { by = ARGV[2], at = now, text = comment }
        incident.comments = comments
      end
      redis.call('SET', KEYS[i], cjson.encode(incident))
      audit_append(KEYS[1], KEYS[2], now, ARGV[1],
        first and 'incident.acknowledged' or 'incident.commented',
        'attempt:' .. incident.attemptId,
        cjson.encode({ incidentId = incident.id, type = incident.type,
          comment = comment, episodes = episodes }))
    end
  end
end
return request_finish(ARGV[5], ARGV[6],
  accept({ incidentIds = acknowledged, episodes = episodes, at = now }))
