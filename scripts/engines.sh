#!/usr/bin/env bash
# Throwaway PostgreSQL and RabbitMQ servers from the Debian packages, on loopback ports, in a folder of their own.
# The Debian wrappers in /usr/sbin switch to the rabbitmq user and drop the environment, so the real scripts
# under /usr/lib/rabbitmq/bin are called directly.
# Used by the tests (through Scoring.Testing) and by scripts/cluster.sh. Installs the packages when missing.
#
#   scripts/engines.sh install
#   scripts/engines.sh start-postgres DIR PORT     -> prints the Npgsql connection string
#   scripts/engines.sh stop-postgres DIR
#   scripts/engines.sh start-rabbitmq DIR PORT     -> prints the AMQP URI
#   scripts/engines.sh stop-rabbitmq DIR
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install() {
  local missing=()
  for pkg in postgresql rabbitmq-server; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}" >&2
  # policy-rc.d may refuse to start the system services; that is what we want: we start our own instances.
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >&2
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1; }

# PostgreSQL refuses to run as root: run it as the packages' postgres user when we are root.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  local dir=$1 port=$2 bin; bin=$(pg_bin)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >"$dir/initdb.log" 2>&1
  fi
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=24"
}

stop_postgres() {
  local dir=$1 bin; bin=$(pg_bin)
  [ -f "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
}

rabbit_env() {
  local dir=$1 port=$2
  export HOME="$dir" # the Erlang cookie lives here, for the server and for rabbitmqctl alike
  export RABBITMQ_NODENAME="scoring$port@localhost"
  # Erlang distribution listens on NODE_PORT + 20000 by default: that port must be free as well.
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$port"
  export RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_PID_FILE="$dir/rabbit.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  # Erlang writes erl_crash.dump and Mnesia core files into its working directory: keep both inside $dir, never
  # in whatever folder (a checkout) started the broker.
  export ERL_CRASH_DUMP="$dir/erl_crash.dump"
  cd "$dir"
}

start_rabbitmq() {
  local dir=$1 port=$2
  mkdir -p "$dir/log" "$dir/mnesia"
  echo "[]." >"$dir/enabled_plugins"
  # guest may connect from loopback (the default); streams keep a small segment size for tests.
  printf 'loopback_users.guest = true\nlisteners.tcp.1 = 127.0.0.1:%s\n' "$port" >"$dir/rabbitmq.conf"
  echo "$port" >"$dir/port"
  ( rabbit_env "$dir" "$port"
    /usr/lib/rabbitmq/bin/rabbitmq-server >"$dir/server.out" 2>&1 &
    # await_startup gives up at once while the node is not yet known to epmd: retry until it answers.
    for _ in $(seq 1 120); do
      /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBITMQ_NODENAME" -q await_startup --timeout 60 >/dev/null 2>&1 && exit 0
      sleep 1
    done
    echo "RabbitMQ did not start; see $dir/server.out" >&2; exit 1 )
  echo "amqp://guest:guest@127.0.0.1:$port/"
}

stop_rabbitmq() {
  local dir=$1
  [ -f "$dir/port" ] || return 0
  ( rabbit_env "$dir" "$(cat "$dir/port")"; /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBITMQ_NODENAME" -q stop >/dev/null 2>&1 || true )
}

case "${1:-}" in
  install) install ;;
  start-postgres) install; start_postgres "$2" "$3" ;;
  stop-postgres) stop_postgres "$2" ;;
  start-rabbitmq) install; start_rabbitmq "$2" "$3" ;;
  stop-rabbitmq) stop_rabbitmq "$2" ;;
  *) echo "usage: $0 install | start-postgres DIR PORT | stop-postgres DIR | start-rabbitmq DIR PORT | stop-rabbitmq DIR" >&2; exit 2 ;;
esac
