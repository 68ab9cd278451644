#!/usr/bin/env bash
# Measures the embedded topology from the outside, with the AppHost already built:
#   1. `dotnet run --project AppHost` → the AppHost's "AppHost: all ..." line (every resource healthy);
#   2. that line → the first valid event persisted: POST /api/events?count=5 to the producer, then poll the dashboard's
#      live counts until at least one event is in both Cosmos (stored) and Blob (archived);
#   3. summed RSS of the AppHost and every process below it, idle (after N seconds) and its peak while the topology
#      processes one POST of M events (sampled every 0.5 s until all valid ones of the batch are in Cosmos and Blob);
# then stops everything with SIGTERM.
# Usage: Tests/Benchmarks/apphost-startup.sh [idle seconds before measuring memory, default 15] [events under load, default 5000]
set -euo pipefail
cd "$(dirname "$0")/../.."
idle="${1:-15}"
events="${2:-5000}"
log="$(mktemp)"
runner=""
cleanup() {
  if [ -n "$runner" ] && kill -0 "$runner" 2>/dev/null; then kill -TERM -- "-$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true; fi
  rm -f "$log"
}
trap cleanup EXIT
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

start=$(date +%s%N)
setsid dotnet run --no-build --project AppHost -- --dashboard-port 0 >"$log" 2>&1 </dev/null &
runner=$!
until grep -q "AppHost: all" "$log"; do
  if ! kill -0 "$runner" 2>/dev/null; then cat "$log"; exit 1; fi
  sleep 0.1
done
ready=$(date +%s%N)
echo "dotnet run to all resources healthy: $(( (ready - start) / 1000000 )) ms ($(grep -o 'ready in [0-9.]* s' "$log" | head -1) after the AppHost started)"

dashboard=$(grep -o 'Dashboard: http://[^ ]*' "$log" | head -1 | cut -d' ' -f2)
producer=$(curl -fsS "$dashboard/api/resources" | python3 -c 'import json,sys; print(next(r for r in json.load(sys.stdin) if r["name"]=="producer")["endpoints"]["http"])')
count() { curl -fsS "$dashboard/api/counts" | python3 -c "import json,sys; c=json.load(sys.stdin); print(min(c['stored']['value'] or 0, c['archived']['value'] or 0))"; }

first=$(date +%s%N)
curl -fsS -X POST "$producer/api/events?count=5" >/dev/null
until [ "$(count)" -ge 1 ]; do sleep 0.1; done
echo "healthy to first event persisted (POST count=5 → one event in Cosmos and Blob): $(ms "$first") ms; dotnet run to first event persisted: $(ms "$start") ms"

apphost=$(pgrep -P "$runner" -f "AppHost --dashboard-port 0" | head -1)
descendants() { for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done; }
rss_total() {
  local total=0 rss
  for pid in $runner $(descendants "$runner"); do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    total=$((total + ${rss:-0}))
  done
  echo "$total"
}
pss_total() {
  local total=0 pss
  for pid in $runner $(descendants "$runner"); do
    pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
    total=$((total + ${pss:-0}))
  done
  echo "$total"
}
sleep "$idle"
for pid in $runner $(descendants "$runner"); do
  printf '  %8s kB RSS %8s kB PSS  %s\n' "$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null)" "$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null)" "$(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null | cut -c1-100)"
done
echo "idle topology after ${idle} s: RSS $(( $(rss_total) / 1024 )) MB, PSS $(( $(pss_total) / 1024 )) MB in $(( $(descendants "$runner" | wc -l) + 1 )) processes (the dotnet run launcher included)"

baseline=$(count)
load=$(date +%s%N)
valid=$(curl -fsS -X POST "$producer/api/events?count=$events" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["totalMessages"]-s["badMessages"])')
peak=0; peakpss=0
while [ $(( $(count) - baseline )) -lt "$valid" ]; do
  now=$(rss_total); [ "$now" -gt "$peak" ] && peak=$now
  now=$(pss_total); [ "$now" -gt "$peakpss" ] && peakpss=$now
  if [ "$(ms "$load")" -gt 600000 ]; then echo "gave up after 600 s: $(( $(count) - baseline )) of $valid persisted"; break; fi
  sleep 0.5
done
echo "$events events ($valid valid) sent and persisted in $(ms "$load") ms; peak topology RSS while processing: $((peak / 1024)) MB, PSS $((peakpss / 1024)) MB"

graph="$runner $(descendants "$runner")"
stop=$(date +%s%N)
kill -TERM "$apphost"
while (for pid in $graph; do kill -0 "$pid" 2>/dev/null && exit 0; done; exit 1); do
  if [ "$(ms "$stop")" -gt 60000 ]; then echo "still running 60 s after SIGTERM:"; ps -o pid,args -p "${graph// /,}" || true; break; fi
  sleep 0.05
done
echo "SIGTERM → no process of the graph left: $(ms "$stop") ms"
wait "$runner" || true
runner=""
grep "Stopped in" "$log" || true
