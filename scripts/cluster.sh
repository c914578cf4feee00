#!/usr/bin/env bash
# A cluster on this machine, on loopback: throwaway PostgreSQL and RabbitMQ (scripts/engines.sh) and N node
# processes (Orleans silos, clustered through PostgreSQL) with the development source and rep, at http://127.0.0.1:5081 .. 508N.
#
#   scripts/cluster.sh start [N=3]     build, start the engines and N nodes (logs and pids under $CLUSTER_DIR)
#   scripts/cluster.sh add NODE_NUMBER start one more node (for example 4) against the running engines
#   scripts/cluster.sh kill NODE_NUMBER SIGKILL one node
#   scripts/cluster.sh stop            stop the nodes and the engines
set -euo pipefail
cd "$(dirname "$0")/.."
CLUSTER_DIR=${CLUSTER_DIR:-/tmp/scoring-cluster}
PG_PORT=${PG_PORT:-25432}
RABBIT_PORT=${RABBIT_PORT:-25672}
PARTITIONS=${PARTITIONS:-16}
# Orleans' silo-to-silo port of node N is SILO_PORT_BASE + N.
SILO_PORT_BASE=${SILO_PORT_BASE:-11110}

start_node() {
  local n=$1
  ASPNETCORE_ENVIRONMENT=Development \
  Scoring__Mode=cluster Scoring__Partitions="$PARTITIONS" \
  Scoring__Cluster__Postgres="$(cat "$CLUSTER_DIR/postgres")" Scoring__Cluster__RabbitMq="$(cat "$CLUSTER_DIR/rabbitmq")" \
  Scoring__Cluster__NodeId="node-$n" Scoring__Cluster__SiloPort="$((SILO_PORT_BASE + n))" \
    nohup dotnet src/Scoring.Node/bin/Release/net10.0/Scoring.Node.dll --urls "http://127.0.0.1:508$n" \
    >"$CLUSTER_DIR/node-$n.log" 2>&1 &
  echo $! >"$CLUSTER_DIR/node-$n.pid"
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:508$n/healthz" >/dev/null && { echo "node-$n: http://127.0.0.1:508$n"; return 0; }; sleep 0.5; done
  echo "node-$n did not start; see $CLUSTER_DIR/node-$n.log" >&2; return 1
}

case "${1:-}" in
  start)
    mkdir -p "$CLUSTER_DIR"
    dotnet build Cluster.sln -c Release -nologo -clp:ErrorsOnly >/dev/null
    scripts/engines.sh start-postgres "$CLUSTER_DIR/postgres-data" "$PG_PORT" >"$CLUSTER_DIR/postgres"
    scripts/engines.sh start-rabbitmq "$CLUSTER_DIR/rabbitmq-data" "$RABBIT_PORT" >"$CLUSTER_DIR/rabbitmq"
    echo "postgres: $(cat "$CLUSTER_DIR/postgres")"
    echo "rabbitmq: $(cat "$CLUSTER_DIR/rabbitmq")"
    for n in $(seq 1 "${2:-3}"); do start_node "$n"; done ;;
  add) start_node "$2" ;;
  kill) kill -9 "$(cat "$CLUSTER_DIR/node-$2.pid")" && rm -f "$CLUSTER_DIR/node-$2.pid" && echo "node-$2 killed (SIGKILL)" ;;
  stop)
    for pid in "$CLUSTER_DIR"/node-*.pid; do [ -f "$pid" ] && { kill "$(cat "$pid")" 2>/dev/null || true; rm -f "$pid"; }; done
    scripts/engines.sh stop-rabbitmq "$CLUSTER_DIR/rabbitmq-data"
    scripts/engines.sh stop-postgres "$CLUSTER_DIR/postgres-data"
    echo "stopped" ;;
  *) echo "usage: $0 start [N] | add N | kill N | stop" >&2; exit 2 ;;
esac
