-- The part of bench/submit.lua and bench/issue.lua that counts answers and prints the one line Wrk.RunAsync
-- (bench/HaiLong.Bench/Tools.cs) reads: "HAILONG created=N other=M exhausted=K first_other=STATUS BODY".
-- A script loads it first (dofile), then defines init() (which sets created, other, exhausted, first_other) and request().

threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

function response(status, headers, response_body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
    if first_other == "" then first_other = status .. " " .. string.sub(response_body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local c, o, e, first = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
    e = e + t:get("exhausted")
    if first == "" then first = t:get("first_other") end
  end
  io.write(string.format("HAILONG created=%d other=%d exhausted=%d first_other=%s\n", c, o, e, (string.gsub(first, "\n", " "))))
end
