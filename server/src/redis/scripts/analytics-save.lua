-- Stores a slot's analytics unless a run that started later already did
-- (jobs may overlap; the newer reading of the data wins), indexes the slot
-- by program and center, stores its small summary (the period reports),
-- and replaces the slot's share in its program's per-item counts: the
-- caller read the slot's previous counts and the items' aggregates, took
-- the old counts out and put the new ones in (item-counts.ts); this
-- applies that only if nothing it read changed meanwhile (versions), so a
-- re-run or a job that arrives twice never counts a slot twice, and two
-- slots' runs never lose each other's counts. Only the items whose counts
-- changed are sent: a re-run over unchanged results writes none.
-- Mode 'backfill' (slots stored before the counts existed): the same for a
-- slot with no counts yet, storing nothing else but the summary.
-- Invariant: a slot's counts version exists exactly when its counts are in
-- the program's (both are only written here, together).
-- KEYS: 1 analytics:slot:<id>, 2 its computedAt, 3 program's slots zset,
--       4 center's slots zset, 5 the slot's counts, 6 their version,
--       7 the program's item versions (zset: itemId by version),
--       8 the slot's summary, 9 the program's slots counted,
--       10 its candidates counted, 11 its counts' version,
--       12.. analytics:program:<programId>:item:<itemId>, one per item sent
-- ARGV: 1 analytics JSON, 2 computedAt, 3 startsAt, 4 slotId,
--       5 mode ('save' | 'backfill'), 6 summary JSON,
--       7 the slot's counts version read ('0': none), 8 its new counts,
--       9 slots delta, 10 candidates delta,
--       11.. per item sent: itemId, its version read ('0': none),
--       its new aggregate ('' when no row is left)
-- Returns 1 stored, 0 not (a later run stored its own; backfill: the slot
-- has counts), 2 something read changed: read again and retry.

if ARGV[5] == 'backfill' then
  if redis.call('EXISTS', KEYS[6]) == 1 then return 0 end
else
  local stored = tonumber(redis.call('GET', KEYS[2]))
  if stored and stored > tonumber(ARGV[2]) then return 0 end
end

if (tonumber(redis.call('GET', KEYS[6])) or 0) ~= tonumber(ARGV[7]) then
  return 2
end
local items = (#ARGV - 10) / 3
for i = 0, items - 1 do
  local version = tonumber(redis.call('ZSCORE', KEYS[7], ARGV[11 + i * 3]))
  if (version or 0) ~= tonumber(ARGV[12 + i * 3]) then return 2 end
end

for i = 0, items - 1 do
  local aggregate = ARGV[13 + i * 3]
  if aggregate == '' then
    redis.call('DEL', KEYS[12 + i])
  else
    redis.call('SET', KEYS[12 + i], aggregate)
  end
  redis.call('ZINCRBY', KEYS[7], 1, ARGV[11 + i * 3])
end
redis.call('SET', KEYS[5], ARGV[8])
redis.call('INCR', KEYS[6])
redis.call('INCRBY', KEYS[9], ARGV[9])
redis.call('INCRBY', KEYS[10], ARGV[10])
-- Every change, so statistics made of an older reading never replace newer
-- ones (analytics-items-save.lua).
redis.call('INCR', KEYS[11])
redis.call('SET', KEYS[8], ARGV[6])
if ARGV[5] == 'backfill' then return 1 end

redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
return 1
