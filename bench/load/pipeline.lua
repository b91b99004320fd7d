-- Eight /api/stats requests in each write: HTTP/1.1 pipelining
-- (wrk counts every answer as a request).
init = function(args)
  local r = {}
  for i = 1, 8 do r[i] = wrk.format("GET", "/api/stats") end
  req = table.concat(r)
end
request = function() return req end
