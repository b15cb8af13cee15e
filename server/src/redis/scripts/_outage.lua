-- Outages as the attempt scripts see them, pulled in with
-- `--#include outage`. Keys and thresholds: modules/outages/repository.ts.

-- A beat older than this (OUTAGE_STALE_MS) means no realtime process is
-- serving the kiosks right now.
local OUTAGE_STALE_MS = 3000

-- Whether the kiosks may be without a server: no realtime process has beaten
-- for a while (an outage under way), or an outage waits for its time to be
-- credited. A fresh install, which has never beaten, has no outage.
local function outage_pending(now)
  local beat = tonumber(redis.call('GET', 'outage:beat') or '')
  if beat and now - beat > OUTAGE_STALE_MS then return true end
  return redis.call('SCARD', 'outages:uncredited') > 0
end

-- The creditable outage that `at` fell in (after its start, by its end):
-- its id and start, or nil. Outages are gaps between beats, so they never
-- overlap: only the last one that started before `at` can hold it.
local function outage_around(at)
  local ids = redis.call('ZREVRANGEBYSCORE', 'outages', '(' .. at, '-inf',
    'LIMIT', 0, 1)
  if not ids[1] then return nil end
  local outage = redis.call('HMGET', 'outage:' .. ids[1], 'startedAt',
    'endedAt', 'creditable')
  local from, to = tonumber(outage[1] or ''), tonumber(outage[2] or '')
  if not from or not to or outage[3] ~= '1' or at > to then return nil end
  return ids[1], from
end
