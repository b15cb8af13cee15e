-- Stores the reply of a command made of many scripts (a room's pause, a
-- slot's sign-off: each part is exactly-once by an id of its own) under the
-- command's request, unless a first run stored one already.
-- ARGV: 1 request key, 2 fingerprint, 3 reply JSON
--#include reply
--#include request
local replay = request_replay(ARGV[1], ARGV[2])
if replay then return replay end
return request_finish(ARGV[1], ARGV[2], ARGV[3])
