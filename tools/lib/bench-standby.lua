-- tools/lib/bench-standby.lua — the wrk script of tools/lib/bench-standby.sh:
-- directory reads in turn (an entry list, a name search, a platform and its
-- children, a department's entries, an entry), as the user whose token
-- file GOVDX_BENCH_TOKEN names; ends with the line
--   p50=MS p95=MS p99=MS rps=N errors=N
local path = os.getenv("GOVDX_BENCH_TOKEN")
if path and path ~= "" then
	local f = assert(io.open(path, "r"))
	wrk.headers["Authorization"] = "Bearer " .. f:read("*l")
	f:close()
end

local paths = {
	"/v1/entries?platform=130000&limit=20",
	"/v1/entries?q=%E5%A9%9A%E5%A7%BB%E7%99%BB%E8%AE%B0&limit=20",
	"/v1/platforms/130000",
	"/v1/platforms/130000/children",
	"/v1/platforms/130000/departments?limit=20",
	"/v1/entries/" .. (os.getenv("GOVDX_BENCH_ENTRY") or "130000008-310008-0001"),
}
local i = 0

request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end

done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("p50=%.3f p95=%.3f p99=%.3f rps=%.1f errors=%d\n",
		latency:percentile(50) / 1000, latency:percentile(95) / 1000,
		latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6),
		e.connect + e.read + e.write + e.status + e.timeout))
end
