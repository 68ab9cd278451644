#!/usr/bin/env bash
# Measures an Aspire AppHost from the outside, with everything already built (dotnet build AppHost); the successor of
# apphost-startup.sh (the hand-written AppHost's), measuring the same things the same way:
#   1. `dotnet run --no-build --project AppHost` started → every visible resource Running and Healthy, read from the
#      resource snapshots Aspire logs at Trace level (the dashboard's own data; Scripts/aspire-resources.py);
#   2. → the first valid event persisted: POST /api/events?count=5 to the producer, then count with the emulators'
#      REST APIs until at least one event is both in Blob and in Cosmos (Scripts/stored-event-counts.py);
#   3. RSS and PSS summed over every process of the graph: the dotnet run launcher and the AppHost below it, DCP (the
#      AppHost starts it detached: it is found by its `--monitor <AppHost pid>` argument) and everything below DCP —
#      dashboard, emulators, the `dotnet run` wrappers DCP starts projects with, the services, one `dcp monitor-process`
#      per child; idle (after N seconds) and the peak while the graph handles one POST of M events (sampled every 0.5 s
#      until every valid event of the batch is in Blob and Cosmos);
#   4. SIGTERM to the AppHost → no process of the graph left.
# Everything binds 127.0.0.1 on ports the system picks (no launch profile), so it never collides with a running graph.
# Needs python3 (standard library only) and curl.
# Usage: Tests/Benchmarks/aspire-apphost-startup.sh [idle seconds before measuring memory, default 15] [events under load, default 5000] [AppHost project, default AppHost]
set -euo pipefail
cd "$(dirname "$0")/../.."
idle="${1:-15}"
events="${2:-5000}"
project="${3:-AppHost}"
scripts=Tests/Benchmarks/Scripts
log="$(mktemp)"
runner=""
graph=""
cleanup() {
  if [ -n "$runner" ] && kill -0 "$runner" 2>/dev/null; then kill -TERM -- "-$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true; fi
  # Whatever a failed run left (DCP is in a session of its own, not in the launcher's process group).
  for pid in $graph; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$log"
}
trap cleanup EXIT
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != "Z" ]; }
resources() { python3 "$scripts/aspire-resources.py" "$log" "$@"; }

start=$(date +%s%N)
env DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:0 \
  ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:0 ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:0 \
  ASPIRE_ALLOW_UNSECURED_TRANSPORT=true Logging__Console__ColorBehavior=Disabled \
  setsid dotnet run --no-build --no-launch-profile --project "$project" -- \
  --Logging:LogLevel:Aspire.Hosting.ApplicationModel.ResourceNotificationService=Trace >"$log" 2>&1 </dev/null &
runner=$!
until grep -q -- "--monitor [0-9]*" "$log" && resources healthy; do
  if ! kill -0 "$runner" 2>/dev/null || [ "$(ms "$start")" -gt 180000 ]; then resources states || true; tail -40 "$log" | cut -c1-300; exit 1; fi
  sleep 0.1
done
echo "dotnet run to all resources healthy: $(ms "$start") ms"
resources states

apphost=$(grep -o -- "--monitor [0-9]*" "$log" | head -1 | cut -d' ' -f2)
descendants() { for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done; }
graph_pids() {
  local dcp
  dcp=$(pgrep -f -- "start-apiserver --monitor $apphost " || true)
  for root in $runner $dcp; do echo "$root"; descendants "$root"; done
}
sum_kb() { # field of /proc/PID/status (VmRSS) or smaps_rollup (Pss) summed over the graph
  local total=0 value
  for pid in $(graph_pids); do
    value=$(awk -v key="$2:" '$1 == key {print $2}' "/proc/$pid/$1" 2>/dev/null || true)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

producer=$(resources url producer http)
export BLOBS_CONNECTION_STRING COSMOS_CONNECTION_STRING
BLOBS_CONNECTION_STRING=$(resources env consumer ConnectionStrings__blobs)
COSMOS_CONNECTION_STRING=$(resources env consumer ConnectionStrings__cosmos)
persisted() { python3 "$scripts/stored-event-counts.py" warehouse warehouse events | awk '{print ($1 < $2) ? $1 : $2}'; }

first=$(date +%s%N)
curl -fsS -X POST "$producer/api/events?count=5" >/dev/null
until [ "$(persisted)" -ge 1 ]; do sleep 0.1; done
echo "healthy to first event persisted (POST count=5 → one event in Cosmos and Blob): $(ms "$first") ms; dotnet run to first event persisted: $(ms "$start") ms"

sleep "$idle"
for pid in $(graph_pids); do
  printf '  %8s kB RSS %8s kB PSS  %s\n' "$(awk '$1 == "VmRSS:" {print $2}' "/proc/$pid/status" 2>/dev/null)" \
    "$(awk '$1 == "Pss:" {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null)" "$(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null | cut -c1-110)"
done
echo "idle graph after ${idle} s: RSS $(( $(sum_kb status VmRSS) / 1024 )) MB, PSS $(( $(sum_kb smaps_rollup Pss) / 1024 )) MB in $(graph_pids | wc -l) processes (the dotnet run launcher included)"

baseline=$(persisted)
load=$(date +%s%N)
valid=$(curl -fsS -X POST "$producer/api/events?count=$events" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["totalMessages"]-s["badMessages"])')
peak=0; peakpss=0
while [ $(( $(persisted) - baseline )) -lt "$valid" ]; do
  now=$(sum_kb status VmRSS); [ "$now" -gt "$peak" ] && peak=$now
  now=$(sum_kb smaps_rollup Pss); [ "$now" -gt "$peakpss" ] && peakpss=$now
  if [ "$(ms "$load")" -gt 600000 ]; then echo "gave up after 600 s: $(( $(persisted) - baseline )) of $valid persisted"; break; fi
  sleep 0.5
done
echo "$events events ($valid valid) sent and persisted in $(ms "$load") ms; peak graph RSS while processing: $((peak / 1024)) MB, PSS $((peakpss / 1024)) MB"

graph=$(graph_pids)
stop=$(date +%s%N)
kill -TERM "$apphost"
while (for pid in $graph; do alive "$pid" && exit 0; done; exit 1); do
  if [ "$(ms "$stop")" -gt 60000 ]; then echo "still running 60 s after SIGTERM:"; ps -o pid,args -p "${graph//$'\n'/,}" || true; break; fi
  sleep 0.05
done
echo "SIGTERM → no process of the graph left: $(ms "$stop") ms"
wait "$runner" || true
runner=""
graph=""
