-- tools/lib/bench.lua — the wrk script of tools/bench.
--
-- The bearer token is read from the file GOVDX_BENCH_TOKEN names (never
-- from the command line); each run ends with one line tools/bench parses:
--   p50=MS p95=MS p99=MS rps=N errors=N
local path = os.getenv("GOVDX_BENCH_TOKEN")
if path and path ~= "" then
	local f = assert(io.open(path, "r"))
	wrk.headers["Authorization"] = "Bearer " .. f:read("*l")
	f:close()
end

done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("p50=%.3f p95=%.3f p99=%.3f rps=%.1f errors=%d\n",
		latency:percentile(50) / 1000, latency:percentile(95) / 1000,
		latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6),
		e.connect + e.read + e.write + e.status + e.timeout))
end
