-- A correct password: the account's counter (of this side of the staff
-- networks) starts over, and the attempt is taken back from the address's
-- counter, so a center's staff behind one address never use it up by
-- signing in.
-- KEYS[1] the account's counter, KEYS[2] the client address's counter
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then
  redis.call('DECR', KEYS[2])
end
return 1
