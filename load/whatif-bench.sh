#!/usr/bin/env bash
# What-if replay at scale (issue 13, part 5). An embedded node's log is filled with at least EVENTS recorded events
# (1,000,000 by default) by the load generator at FILL_RATE events/s (2,500) with reps working the queue (one of 10
# accepts each MQL, as bench.sh's fixed-rate runs do: a pod nobody works keeps every MQL open, docs/benchmarks.md).
# The node is then restarted, so it holds only what live traffic makes active (a month of traffic arrives here in
# minutes; a node that had received it over a month would have let its idle grains go), and warmed up for 60 s at
# FILL_RATE events/s (the JIT's tiering, as bench.sh does). Its sustained rate is measured as bench.sh measures it (30 s
# as fast as it answers) on this node, with this history: the feed's target holds at half of it (docs/benchmarks.md).
# Then one load generator feeds the node at RATE events/s (by default half the sustained rate just measured) without a
# pause, measured in 60 s windows. The first windows bring the node to its steady state at that rate: the saturated
# run's backlog worked off, and the grains the warm-up and the saturated run activated collected as idle (IDLE_MINUTES
# after their last use, at most IDLE_PER_SECOND a second: a burst that is the earlier saturation's, not this feed's),
# while the feed's own leads of IDLE_MINUTES ago go idle each minute as they would on a node that has been live for a
# while. The first-touch deadlines of the MQLs the warm-up and the saturated run raised come due SLA_MINUTES after them
# (the load's reps accept but never touch): a burst of wake-ups at up to three times the feed's own rate, again the
# earlier saturation's; after it, the feed's own deadlines come due each second as they would on a live node. Window
# BASELINE_WINDOW (the later of the two, plus 3) is the baseline (no replay); a what-if of a draft over the fill (up to
# the moment it ended, kept in $DATA/filled-at) starts with the next;
# the feed stops at the end of the window in which the what-if ended. New leads come at a steady pace (each window
# brings 20,000, as a 60 s run does). FEED=runs measures as this script did before 2026-12-06: a generator
# started for each 60 s run, each run's leads all new at its start, a wait for the node to drain after each run.
# Prints and writes $OUT/whatif.json: inputs replayed per second, the replay's wall time and the time it held for the
# live feed, the resident memory of the node and of the replay's worker process, the size of the history the run started
# from, when the what-if was posted and how long the node took to answer, and the feed's event-to-alert latency without
# and during the replay. DATA=<dir> keeps the filled history there: a second run with the same DATA
# skips the fill, and every run works on a copy of it, so each one starts from the same history (a run on DATA itself
# added its own traffic, about 1.4 GB to each file, and its unworked leads' deadlines, which came due in the runs after
# it: docs/benchmarks.md). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-1000000}
RATE=${RATE:-}
FEED=${FEED:-continuous}
FILL_RATE=${FILL_RATE:-2500}
IDLE_MINUTES=${IDLE_MINUTES:-10} # the node's default idle age (Scoring:IdleDeactivationMinutes)
IDLE_PER_SECOND=${IDLE_PER_SECOND:-2000} # at most this many idle grains leave memory a second (Scoring:IdleDeactivationsPerSecond; the node's default)
SLA_MINUTES=${SLA_MINUTES:-15} # the node's default first-touch target of a hand-raiser (Scoring:Pods:n:Sla:HandRaiserMinutes)
BASELINE_WINDOW=${BASELINE_WINDOW:-$(( (IDLE_MINUTES > SLA_MINUTES ? IDLE_MINUTES : SLA_MINUTES) + 3 ))}
OUT=${OUT:-load/results/latest}
PORT=5091
URL=http://127.0.0.1:$PORT
TOKEN=dev-manager-token
LOAD="dotnet $PWD/load/Scoring.Load/bin/Release/net10.0/Scoring.Load.dll"
WORK=$(mktemp -d /tmp/scoring-whatif.XXXXXX)
DATA=${DATA:-$WORK/data}
NODE_DATA=$DATA # the fill's node writes the history; the measured node, a copy of it (below)
NODE_PID=
FEED_PID=
cleanup() { set +e; [[ -n "$FEED_PID" ]] && { pkill -P "$FEED_PID"; kill "$FEED_PID"; } 2>/dev/null; [[ -n "$NODE_PID" ]] && stop_node; mkdir -p "$OUT/logs" && cp "$WORK"/*.log "$OUT/logs/" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

dotnet build Cluster.sln -c Release -nologo -clp:ErrorsOnly
mkdir -p "$OUT"
rm -f "$OUT"/whatif-feed-*.json "$OUT"/whatif-settle-*.json
filled=0
[[ -e "$DATA/log.db" ]] && filled=$EVENTS && echo "== the log in $DATA is already filled"
# A node stops gracefully within a minute or is killed (the log and the state are durable either way): a node left
# behind would keep the port and take the next run's traffic.
stop_node() {
  local node="Scoring.Node.dll --urls $URL" # by its command line: the shell's $! is not always the node's own process
  pkill -f "$node" || return 0
  for _ in $(seq 60); do pgrep -f "$node" >/dev/null || return 0; sleep 1; done # polling the process's exit, with a deadline
  echo "   the node did not stop within 60 s: killed"; pkill -9 -f "$node" || true
}
start_node() {
  if curl -s -o /dev/null "$URL/healthz"; then echo "something already answers on $URL: stop it first" >&2; exit 1; fi
  # Collections of idle grains logged (how many, how long: the node's paced ones and Orleans' behind them), and when
  # the what-if held for the feed and went on again (with the node's collector's counts then), each line
  # stamped with its UTC time to the millisecond, to set beside the feed's slow seconds (whose alerts carry UTC times)
  # (env: a variable's name with dots is no shell assignment).
  env ASPNETCORE_ENVIRONMENT=Development Scoring__DataDirectory="$NODE_DATA" Scoring__IdleDeactivationMinutes="$IDLE_MINUTES" \
    Scoring__IdleDeactivationsPerSecond="$IDLE_PER_SECOND" \
    Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff " \
    Logging__Console__FormatterOptions__UseUtcTimestamp=true \
    Logging__LogLevel__Orleans.Runtime.ActivationCollector=Debug Logging__LogLevel__Scoring.Node.Hosting.PacedIdleCollection=Debug \
    Logging__LogLevel__Scoring.Node.Models.WhatIfJobs=Debug \
    dotnet src/Scoring.Node/bin/Release/net10.0/Scoring.Node.dll --urls "$URL" >>"$WORK/node.log" 2>&1 &
  NODE_PID=$!
  $LOAD ready "$URL" dev-rep-token 8
}
start_node

(( filled < EVENTS )) && echo "== filling the log with $EVENTS events"
while (( filled < EVENTS )); do
  $LOAD --label fill --url "$URL" --seconds 120 --concurrency 4 --batch 100 --reps 10 --work true --rate "$FILL_RATE" \
    --output "$WORK/fill.json" >/dev/null
  filled=$(( filled + $(json "$WORK/fill.json" "d['acceptedEvents']") ))
  echo "   $filled events recorded"
done

# The what-if's window ends where the fill did: a second run with the same DATA replays the same million events,
# not the feed traffic of the runs before it.
[[ -e "$DATA/filled-at" ]] || date -u +%Y-%m-%dT%H:%M:%SZ > "$DATA/filled-at"

echo "== restarting the node"
stop_node
if [[ "$DATA" != "$WORK/data" ]]; then
  echo "== copying the history in $DATA for this run"
  NODE_DATA=$WORK/run-data
  cp -a "$DATA" "$NODE_DATA"
fi
data_mb=$(du -cm "$NODE_DATA"/*.db | tail -1 | cut -f1) # the history this run starts from, in its result

start_node
live=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/models" | python3 -c "import json,sys; print(json.load(sys.stdin)['live'])")
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/models/$live" \
  | python3 -c "import json,sys; d=json.load(sys.stdin)['definition']; d['version']='bench-draft'; d['qualification']['intent']['enter']=30; print(json.dumps(d))" \
  > "$WORK/draft.json"
curl -sf -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @"$WORK/draft.json" "$URL/api/models/draft" >/dev/null
rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
feed() { $LOAD --label "$1" --url "$URL" --seconds 60 --concurrency 4 --batch 100 --reps 10 --work true $PACE --output "$2" >>"$WORK/feed.log" 2>&1; }

echo "== warming up: the feed at $FILL_RATE events/s for 60 s"
PACE="--rate $FILL_RATE" feed warm-up "$WORK/warm-up.json"
echo "== the node's sustained rate with this history: 30 s as fast as it answers"
$LOAD --label sustained --url "$URL" --seconds 30 --concurrency 8 --batch 200 --reps 10 --work true --output "$OUT/whatif-sustained.json" >>"$WORK/feed.log" 2>&1
# A saturated run that did not drain within its deadline has no sustained rate: half of nothing is no pace. The
# generator refuses it too, but the continuous feed runs in the background, where that would show only as a missing window.
if [[ -z "$RATE" ]] && (( $(json "$OUT/whatif-sustained.json" "int(d['sustainedEventsPerSecond'])") < 1 )); then
  echo "the node did not drain its saturated run within the generator's deadline: no sustained rate (see $OUT/logs)" >&2; exit 1
fi
PACE=${RATE:+--rate $RATE}
PACE=${PACE:---rate-fraction 0.5 --of $OUT/whatif-sustained.json}
if [[ "$FEED" == runs ]]; then
  echo "== working off the saturated run's backlog: the feed at ${RATE:-half the sustained rate} for 60 s"
  feed settle "$WORK/settle.json"
  echo "== the feed at ${RATE:-half the sustained rate} for 60 s, no replay"
  feed baseline "$OUT/whatif-feed-baseline.json"
  before=$(rss "$NODE_PID")
  echo "== what-if over all of the fill, with reps on the feed at ${RATE:-half the sustained rate} in 60 s runs until it ends"
  ( i=0; while [[ ! -e "$WORK/replay-done" ]]; do i=$((i+1)); feed "during-whatif-$i" "$OUT/whatif-feed-$i.json"; done ) &
  FEED_PID=$!
  sleep 5 # the feed load reaches its rate before the replay starts: a fixed warm-up, not a synchronisation
else
  echo "== the feed at ${RATE:-half the sustained rate} from here on, in 60 s windows: $((BASELINE_WINDOW - 1)) to reach the steady state, the baseline, then the what-if"
  $LOAD --label feed --url "$URL" --seconds 7200 --window 60 --stop-file "$WORK/replay-done" --concurrency 4 --batch 100 \
    --reps 10 --work true $PACE --output "$WORK/feed.json" >>"$WORK/feed.log" 2>&1 &
  FEED_PID=$!
  # The what-if starts when the window after the baseline does (the generator names the window it is in), polled once
  # a second with a deadline two minutes past that window's due start.
  first=$((BASELINE_WINDOW + 1))
  for _ in $(seq $(( BASELINE_WINDOW * 60 + 120 ))); do (( $(cat "$WORK/feed.window" 2>/dev/null || echo 0) >= first )) && break; sleep 1; done
  (( $(cat "$WORK/feed.window" 2>/dev/null || echo 0) >= first )) || { echo "the feed did not reach its window $first" >&2; exit 1; }
  before=$(rss "$NODE_PID")
  echo "== what-if over all of the fill, the feed going on until the end of the window in which it ends"
fi
# When the what-if was posted and how long the node took to answer: the replay's first seconds are its slowest (docs/benchmarks.md).
posted_at=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
post_seconds=$(curl -sf -o "$WORK/job-started.json" -w '%{time_total}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data "{\"from\":\"2000-01-01T00:00:00Z\",\"to\":\"$(cat "$DATA/filled-at")\"}" "$URL/api/models/draft/whatif")
job=$(json "$WORK/job-started.json" "d['id']")
# One process samples the job and the memory once a second until the job ends. This script first started an
# interpreter (and curl, awk) for each sample: about 150 ms of a core each time, twice a second, at normal priority beside
# the node, only while a replay ran (docs/benchmarks.md).
python3 - "$URL/api/models/whatif/$job" "$TOKEN" "$NODE_PID" "$before" "$WORK" <<'PY'
import json, sys, time, urllib.request
url, token, node, peak, work = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
def rss(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS"): return int(line.split()[1])
    except OSError: pass
    return 0
worker_peak = 0
worker_ended = None # when the worker was first seen gone: the node's own work on the outcome comes after it
request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
now = lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
started = now() # the job was posted just before
while True:
    body = urllib.request.urlopen(request, timeout=30).read()
    job = json.loads(body)
    peak = max(peak, rss(node))
    if job.get("workerProcessId"):
        worker_rss = rss(job["workerProcessId"])
        worker_peak = max(worker_peak, worker_rss)
        if worker_rss == 0 and worker_ended is None: worker_ended = now()
    if job["status"] != "running": break
    time.sleep(1) # sampling memory and progress once a second
job["startedAt"], job["workerEndedAt"], job["jobEndedAt"] = started, worker_ended or now(), now()
open(work + "/job.json", "w").write(json.dumps(job))
open(work + "/peaks", "w").write(f"{peak} {worker_peak}\n")
PY
read -r peak worker_peak < "$WORK/peaks"
touch "$WORK/replay-done"
wait "$FEED_PID" || true
if [[ "$FEED" != runs ]]; then
  # The windows before the baseline's brought the node to its steady state (kept, named settle-N), the baseline had no
  # replay, the windows after it ran beside the what-if.
  for ((n = 1; n < BASELINE_WINDOW; n++)); do cp "$WORK/feed-$n.json" "$OUT/whatif-settle-$n.json"; done
  cp "$WORK/feed-$BASELINE_WINDOW.json" "$OUT/whatif-feed-baseline.json"
  n=$first; while [[ -e "$WORK/feed-$n.json" ]]; do cp "$WORK/feed-$n.json" "$OUT/whatif-feed-$((n - BASELINE_WINDOW)).json"; n=$((n+1)); done
fi
python3 - "$WORK/job.json" "$OUT" "$before" "$peak" "$worker_peak" "$data_mb" "$posted_at" "$post_seconds" <<'PY'
import glob, json, sys
job, out = json.load(open(sys.argv[1])), sys.argv[2]
mb = lambda kb: round(int(kb) / 1024)
def feed(path):
    d = json.load(open(path))
    return {"offeredPerSecond": d.get("offeredRate"), "acceptedPerSecond": d["acceptedEventsPerSecond"], "latencyMs": d["latencyMs"],
            "slowestAlerts": d.get("slowestAlerts", [])[:5]}
during = [feed(p) for p in sorted(glob.glob(out + "/whatif-feed-[0-9]*.json"), key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0]))]
result = {
    "status": job["status"], "error": job.get("error"), "inputsReplayed": job["eventsReplayed"], "seconds": job["elapsedSeconds"],
    "inputsPerSecond": round(job["eventsReplayed"] / max(job["elapsedSeconds"], 0.001)),
    "heldForLiveSeconds": job.get("heldSeconds"),
    "startedAt": job["startedAt"], "workerEndedAt": job["workerEndedAt"], "jobEndedAt": job["jobEndedAt"],
    "sustainedPerSecond": json.load(open(out + "/whatif-sustained.json"))["sustainedEventsPerSecond"],
    "reproduced": job["result"]["reproduced"] if job.get("result") else None,
    "mqlsLive": job["result"]["report"]["live"]["mqls"] if job.get("result") else None,
    "mqlsDraft": job["result"]["report"]["draft"]["mqls"] if job.get("result") else None,
    "nodeRssBeforeMb": mb(sys.argv[3]), "nodeRssPeakMb": mb(sys.argv[4]), "workerRssPeakMb": mb(sys.argv[5]),
    "dataMbAtStart": int(sys.argv[6]),
    "postedAt": sys.argv[7], "postAnsweredMs": round(float(sys.argv[8]) * 1000, 1),
    "feedWithoutReplay": feed(out + "/whatif-feed-baseline.json"),
    "feedDuringReplay": during,
    "worstP99DuringReplayMs": max((d["latencyMs"]["p99"] for d in during if d["latencyMs"]), default=None),
}
json.dump(result, open(out + "/whatif.json", "w"), indent=2)
print(json.dumps(result, indent=2))
PY
