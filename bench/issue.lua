-- wrk script of `bench qr` (bench/HaiLong.Bench/QrBench.cs): closed-loop POST /api/invitations, a transaction QR for the
-- next official and procedure of the bench world, signed in with a bearer token. A native client, as wrk is for `submit`:
-- the C# HttpClient loop cost 0.3-0.6 ms of CPU an issue on the same two cores as the app.
--   wrk -t2 -c8 -d8s -s bench/issue.lua http://127.0.0.1:5187 -- TOKEN OFFICIAL,OFFICIAL,... PROCEDURE,... LABEL
-- Each dossier reference is LABEL-thread-n, so the bench counts this run's stored invitations.
-- Prints one line for the bench to read: "HAILONG created=N other=M exhausted=0 first_other=STATUS BODY".

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-summary.lua")

local officials, procedures = {}, {}
local headers = {}
local label = ""
local sent = 0

function init(args)
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[1] }
  for o in string.gmatch(args[2], "[^,]+") do table.insert(officials, o) end
  for p in string.gmatch(args[3], "[^,]+") do table.insert(procedures, p) end
  label = args[4] .. "-" .. index .. "-"
  created, other, exhausted, first_other = 0, 0, 0, ""
end

function request()
  sent = sent + 1
  local body = '{"kind":"Transaction","officialId":' .. officials[sent % #officials + 1]
    .. ',"procedureId":' .. procedures[sent % #procedures + 1] .. ',"dossierReference":"' .. label .. sent .. '"}'
  return wrk.format("POST", "/api/invitations", headers, body)
end
