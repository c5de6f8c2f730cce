-- Shared by the web benchmark: sends the API token, optionally picks a random tag per request, and prints
-- the latency percentiles the note quotes (wrk's own --latency table has no p95).
local token = os.getenv("LL_TOKEN")
local tags = tonumber(os.getenv("LL_TAGS") or "0")
local prefix = os.getenv("LL_PREFIX") or "LL-"
local digits = tonumber(os.getenv("LL_DIGITS") or "6")
local path = os.getenv("LL_PATH") or "/"
-- LL_SERIALS=N: a random serial number of the seeded database instead of a tag, in lower case as a person may type it.
local serials = tonumber(os.getenv("LL_SERIALS") or "0")

request = function()
  local p = path
  if tags > 0 then
    p = p .. string.format("%s%0" .. digits .. "d", prefix, math.random(1, tags))
  elseif serials > 0 then
    p = p .. string.format("sn%08x", math.random(1, serials))
  end
  return wrk.format("GET", p, { ["Authorization"] = "Bearer " .. token })
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
