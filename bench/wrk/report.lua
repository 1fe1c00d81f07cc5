-- Appended to every scenario script: prints the figures as name=value lines after wrk's own summary.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "requests=%d\nseconds=%.3f\nrps=%.1f\nbytes=%d\nerrors_status=%d\nerrors_socket=%d\n" ..
    "p50_ms=%.3f\np90_ms=%.3f\np99_ms=%.3f\nmax_ms=%.3f\n",
    summary.requests, seconds, summary.requests / seconds, summary.bytes, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
