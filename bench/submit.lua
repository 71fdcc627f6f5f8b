-- wrk script of `bench submit` (bench/HaiLong.Bench/SubmitBench.cs): closed-loop POST /api/responses, each request with a
-- fresh pre-issued transaction token. A native client, so the load generator costs what pgbench costs the baseline, not a
-- C# HttpClient sharing the same two cores.
--   wrk -t2 -c16 -d8s -s bench/submit.lua http://127.0.0.1:5221 -- TOKENS_FILE CRITERION,CRITERION,... THREADS
-- Thread i of n (THREADS = wrk's -t) takes every n-th token of the file, starting at line i: no token is sent twice.
-- Prints one line for the bench to read: "HAILONG created=N other=M exhausted=K first_other=STATUS BODY".

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-summary.lua")

local tokens = {}
local next_token = 1
local criteria = {}
local sent = 0

function init(args)
  local file, list = args[1], args[2]
  for c in string.gmatch(list, "[^,]+") do table.insert(criteria, c) end
  local line = 0
  for t in io.lines(file) do
    if line % tonumber(args[3]) == index - 1 then table.insert(tokens, t) end
    line = line + 1
  end
  created, other, exhausted, first_other = 0, 0, 0, ""
end

-- The same body as SubmitBench.Body: 12 Likert answers by criterion, scores 3–4, Vietnamese.
local function body(token, i)
  local parts = {}
  for q, c in ipairs(criteria) do
    local score = 1 + math.floor(((i + q - 1) % 5) / 2) + 2
    parts[q] = '{"criterion":"' .. c .. '","score":' .. score .. '}'
  end
  return '{"token":"' .. token .. '","language":"vi","answers":[' .. table.concat(parts, ",") .. ']}'
end

function request()
  local token = tokens[next_token]
  if token == nil then
    -- Out of tokens: a malformed token is refused (404) and counted, so the run fails its check instead of reusing one.
    exhausted = exhausted + 1
    token = "exhausted"
  else
    next_token = next_token + 1
  end
  sent = sent + 1
  return wrk.format("POST", "/api/responses", { ["Content-Type"] = "application/json" }, body(token, sent))
end
