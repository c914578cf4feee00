#!/usr/bin/env bash
# What-if replay at scale (issue 13, part 5): an embedded node's log filled with EVENTS recorded events (1,000,000 by
# default) by the load generator, then a what-if of a draft over all of it while reps watch the feed at a fixed rate
# (RATE events/s, half the node's sustained rate by default). Prints and writes $OUT/whatif.json: events replayed
# per second, the replay's wall time, the node's resident memory before and at its peak during the replay, and the
# feed's event-to-alert latency meanwhile. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-1000000}
RATE=${RATE:-1600}
OUT=${OUT:-load/results/latest}
PORT=5091
URL=http://127.0.0.1:$PORT
TOKEN=dev-manager-token
LOAD="dotnet $PWD/load/Scoring.Load/bin/Release/net10.0/Scoring.Load.dll"
WORK=$(mktemp -d /tmp/scoring-whatif.XXXXXX)
NODE_PID=
cleanup() { [[ -n "$NODE_PID" ]] && kill "$NODE_PID" 2>/dev/null; mkdir -p "$OUT/logs" && cp "$WORK"/*.log "$OUT/logs/" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

dotnet build Cluster.sln -c Release -nologo -clp:ErrorsOnly
mkdir -p "$OUT"
ASPNETCORE_ENVIRONMENT=Development Scoring__DataDirectory="$WORK/data" \
  dotnet src/Scoring.Node/bin/Release/net10.0/Scoring.Node.dll --urls "$URL" >"$WORK/node.log" 2>&1 &
NODE_PID=$!
$LOAD ready "$URL" dev-rep-token 8

echo "== filling the log with $EVENTS events"
filled=0
while (( filled < EVENTS )); do
  $LOAD --label fill --url "$URL" --seconds 60 --concurrency 8 --batch 200 --reps 0 --output "$WORK/fill.json" >/dev/null
  filled=$(( filled + $(json "$WORK/fill.json" "d['acceptedEvents']") ))
  echo "   $filled events recorded"
done

echo "== what-if over all of it, with reps on the feed at $RATE events/s"
live=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/models" | python3 -c "import json,sys; print(json.load(sys.stdin)['live'])")
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/models/$live" \
  | python3 -c "import json,sys; d=json.load(sys.stdin)['definition']; d['version']='bench-draft'; d['qualification']['intent']['enter']=30; print(json.dumps(d))" \
  > "$WORK/draft.json"
curl -sf -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @"$WORK/draft.json" "$URL/api/models/draft" >/dev/null
rss() { awk '/VmRSS/ { print $2 }' "/proc/$NODE_PID/status"; }
before=$(rss)
$LOAD --label during-whatif --url "$URL" --seconds 90 --concurrency 4 --batch 100 --reps 10 --work true --rate "$RATE" \
  --output "$OUT/whatif-feed.json" >"$WORK/feed.log" 2>&1 &
FEED_PID=$!
sleep 5 # the feed load reaches its rate before the replay starts: a fixed warm-up, not a synchronisation
job=$(curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data "{\"from\":\"2000-01-01T00:00:00Z\",\"to\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}" "$URL/api/models/draft/whatif" | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
peak=$before
while true; do
  curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/models/whatif/$job" > "$WORK/job.json"
  now=$(rss); (( now > peak )) && peak=$now
  status=$(json "$WORK/job.json" "d['status']")
  [[ "$status" != running ]] && break
  sleep 1 # sampling memory and progress once a second
done
wait "$FEED_PID" || true
python3 - "$WORK/job.json" "$OUT/whatif-feed.json" "$before" "$peak" "$OUT/whatif.json" <<'PY'
import json, sys
job, feed = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
before, peak = int(sys.argv[3]) * 1024, int(sys.argv[4]) * 1024
result = {
    "status": job["status"], "eventsReplayed": job["eventsReplayed"], "seconds": job["elapsedSeconds"],
    "eventsPerSecond": round(job["eventsReplayed"] / max(job["elapsedSeconds"], 0.001)),
    "reproduced": job["result"]["reproduced"] if job.get("result") else None,
    "mqlsLive": job["result"]["report"]["live"]["mqls"] if job.get("result") else None,
    "mqlsDraft": job["result"]["report"]["draft"]["mqls"] if job.get("result") else None,
    "rssBeforeMb": round(before / 2**20), "rssPeakMb": round(peak / 2**20),
    "feedDuringReplay": {"offeredPerSecond": feed.get("offeredRate"), "acceptedPerSecond": feed["acceptedEventsPerSecond"],
                         "latencyMs": feed["latencyMs"]},
}
json.dump(result, open(sys.argv[5], "w"), indent=2)
print(json.dumps(result, indent=2))
PY
