-- Spreads requests over 100,000 distinct users (emails) with the caller JWT; prints one JSON line at the end.
-- Environment: CALLER_JWT, PATH_PREFIX ("/api/v1/users/" for the brokers, "/v2/users/" for the mock alone).
local jwt = os.getenv("CALLER_JWT") or ""
local prefix = os.getenv("PATH_PREFIX") or "/api/v1/users/"
local users = 100000
local counter = 0

function setup(thread)
  thread:set("offset", math.random(0, users - 1))
end

function init(args)
  counter = offset or 0
end

function request()
  counter = (counter + 7919) % users
  return wrk.format("GET", prefix .. "user" .. counter .. "@example.com/token?type=zak", {
    ["Authorization"] = "Bearer " .. jwt
  })
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    errors, summary.errors.status))
end
