#!/usr/bin/env bash
# Prints the time from `dotnet run --project AppHost` to the AppHost's "all resources ready" line, then the summed RSS
# of the idle topology (the AppHost and every process below it), then stops it with SIGTERM.
# Usage: Tests/Benchmarks/apphost-startup.sh [idle seconds before measuring memory, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
idle="${1:-15}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

start=$(date +%s%N)
setsid dotnet run --project AppHost -- --dashboard-port 0 >"$log" 2>&1 </dev/null &
runner=$!
until grep -q "AppHost: all" "$log"; do
  if ! kill -0 "$runner" 2>/dev/null; then cat "$log"; exit 1; fi
  sleep 0.1
done
end=$(date +%s%N)
echo "dotnet run to all resources ready: $(( (end - start) / 1000000 )) ms ($(grep -o 'ready in [0-9.]* s' "$log" | head -1) after the AppHost started)"

apphost=$(pgrep -f "AppHost/bin/.*/AppHost --dashboard-port 0" | head -1)
sleep "$idle"
descendants() { for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done; }
total=0
for pid in $apphost $(descendants "$apphost"); do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  printf '  %8s kB  %s\n' "$rss" "$(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null | cut -c1-100)"
  total=$((total + ${rss:-0}))
done
echo "idle topology RSS after ${idle} s: $((total / 1024)) MB"
kill -TERM "$apphost"
wait "$runner" || true
grep "Stopped in" "$log"
