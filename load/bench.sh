#!/usr/bin/env bash
# Every benchmark in one command. Each step prints its table and writes JSON under $OUT; at the end a
# summary (ratios and targets) is printed and written to $OUT/summary.json, and latency against offered load is
# drawn to docs/images/latency-vs-load.html.
#
#   load/bench.sh            the full run (about 40 minutes on 2 cores)
#   load/bench.sh --quick    short runs and smaller populations, to check the harness (about 8 minutes)
#
# Everything runs on loopback: one embedded node, then a 3-node cluster with throwaway PostgreSQL and RabbitMQ
# (scripts/cluster.sh) and its failover time, then memory per lead grain on a fresh embedded node, then the hot paths.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_SECONDS=30 STEP_SECONDS=20 MEMORY_LEADS=1000000 RABBIT_MESSAGES=400000 BDN_ARGS=()
if [[ "${1:-}" == "--quick" ]]; then
  MAX_SECONDS=8 STEP_SECONDS=6 MEMORY_LEADS=50000 RABBIT_MESSAGES=50000 BDN_ARGS=(--job dry)
fi
OUT=${OUT:-load/results/latest}
REPS=${REPS:-10}
# The reps accept what they receive, as SDRs clearing their queue do (the pod keeps undecided MQLs in its state).
REPS_WORK=${REPS_WORK:-true}
# SKIP_PROBES=1 reruns the node and cluster runs and keeps the in-process probes' results already in $OUT.
SKIP_PROBES=${SKIP_PROBES:-0}
PORT=5090
EMBEDDED=http://127.0.0.1:$PORT
CLUSTER=http://127.0.0.1:5081,http://127.0.0.1:5082,http://127.0.0.1:5083
LOAD="dotnet $PWD/load/Scoring.Load/bin/Release/net10.0/Scoring.Load.dll"
BENCH="dotnet $PWD/load/Scoring.Benchmarks/bin/Release/net10.0/Scoring.Benchmarks.dll"
WORK=$(mktemp -d /tmp/scoring-bench.XXXXXX)
chmod 755 "$WORK" # PostgreSQL runs as its own user and must reach its data directory in here
NODE_PID=

cleanup() {
  [[ -n "$NODE_PID" ]] && kill "$NODE_PID" 2>/dev/null || true
  CLUSTER_DIR=$WORK/cluster scripts/cluster.sh stop >/dev/null 2>&1 || true
  # The nodes' logs outlive the run, beside its results: a run that fails is explained by them.
  mkdir -p "$OUT/logs" && find "$WORK" -name '*.log' -exec cp {} "$OUT/logs/" \; 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fraction() { awk "BEGIN { print $1 / 100 }"; }
step() { printf '\n=== %s ===\n' "$*"; }

scripts/engines.sh install
dotnet build Cluster.sln -c Release -nologo -clp:ErrorsOnly
if [[ "$SKIP_PROBES" == 1 ]]; then mkdir -p "$OUT" && rm -f "$OUT"/embedded-*.json "$OUT"/cluster-*.json; else rm -rf "$OUT" && mkdir -p "$OUT"; fi
RESULTS=$(cd "$OUT" && pwd)

step "embedded single node: saturated, then the no-op endpoint of the same host, then fixed offered rates"
ASPNETCORE_ENVIRONMENT=Development Scoring__DataDirectory="$WORK/embedded" Scoring__BenchmarkEndpoints=true \
  dotnet src/Scoring.Node/bin/Release/net10.0/Scoring.Node.dll --urls "$EMBEDDED" >"$WORK/embedded.log" 2>&1 &
NODE_PID=$!
$LOAD ready "$EMBEDDED" dev-rep-token 8
# A warm-up run first: the JIT's tiering takes the first tens of seconds of a fresh process.
$LOAD --label embedded-warmup --url "$EMBEDDED" --seconds "$MAX_SECONDS" --concurrency 8 --batch 200 --reps 0 >/dev/null
$LOAD --label embedded-max --url "$EMBEDDED" --seconds "$MAX_SECONDS" --concurrency 8 --batch 200 --reps "$REPS" --work "$REPS_WORK" --output "$OUT/embedded-max.json"
$LOAD --label embedded-noop --url "$EMBEDDED" --path /bench/noop --seconds "$MAX_SECONDS" --concurrency 8 --batch 200 --output "$OUT/embedded-noop.json"
for pct in 10 25 50 75 100; do
  $LOAD --label "embedded-at-$pct" --url "$EMBEDDED" --seconds "$STEP_SECONDS" --concurrency 4 --batch 100 --reps "$REPS" --work "$REPS_WORK" \
    --rate-fraction "$(fraction "$pct")" --of "$OUT/embedded-max.json" --output "$OUT/embedded-at-$pct.json"
done
kill "$NODE_PID" && wait "$NODE_PID" 2>/dev/null || true
NODE_PID=

step "3-node cluster (RabbitMQ streams + PostgreSQL) on this machine"
CLUSTER_DIR=$WORK/cluster scripts/cluster.sh start 3
$LOAD ready "$CLUSTER" dev-rep-token 16
$LOAD --label cluster-warmup --url "$CLUSTER" --seconds "$MAX_SECONDS" --concurrency 9 --batch 200 --reps 0 >/dev/null
$LOAD --label cluster-max --url "$CLUSTER" --seconds "$MAX_SECONDS" --concurrency 9 --batch 200 --reps "$REPS" --work "$REPS_WORK" --output "$OUT/cluster-max.json"
for pct in 25 50 75; do
  $LOAD --label "cluster-at-$pct" --url "$CLUSTER" --seconds "$STEP_SECONDS" --concurrency 6 --batch 100 --reps "$REPS" --work "$REPS_WORK" \
    --rate-fraction "$(fraction "$pct")" --of "$OUT/cluster-max.json" --output "$OUT/cluster-at-$pct.json"
done

step "failover: SIGKILL a node under load, time until every partition is read again and its leads answer on a survivor"
$LOAD failover --url "$CLUSTER" --kill http://127.0.0.1:5082 --pid "$(cat "$WORK/cluster/node-2.pid")" --output "$OUT/cluster-failover.json"

step "raw RabbitMQ streams: the broker's own ceiling for the same messages"
$BENCH rabbit "$(cat "$WORK/cluster/rabbitmq")" "$RABBIT_MESSAGES" --output "$OUT/rabbit-raw.json"
CLUSTER_DIR=$WORK/cluster scripts/cluster.sh stop

if [[ "$SKIP_PROBES" != 1 ]]; then
step "memory per active lead grain (a fresh embedded node that keeps every grain active for the run)"
ASPNETCORE_ENVIRONMENT=Development Scoring__DataDirectory="$WORK/memory" Scoring__BenchmarkEndpoints=true Scoring__IdleDeactivationMinutes=600 \
  dotnet src/Scoring.Node/bin/Release/net10.0/Scoring.Node.dll --urls "$EMBEDDED" >"$WORK/memory.log" 2>&1 &
NODE_PID=$!
$LOAD ready "$EMBEDDED" dev-rep-token 8
$BENCH memory "$EMBEDDED" dev-write-key dev-rep-token "$MEMORY_LEADS" --output "$OUT/memory-active.json"
kill "$NODE_PID" && wait "$NODE_PID" 2>/dev/null || true
NODE_PID=

step "hot paths (BenchmarkDotNet)"
(cd "$WORK" && $BENCH hot "${BDN_ARGS[@]}" --output "$RESULTS/hot-paths.json") || echo "the hot-path suite failed; the summary goes on without it" >&2
fi

step "summary"
$LOAD report "$OUT" docs/images/latency-vs-load.html
