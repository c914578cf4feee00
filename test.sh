#!/usr/bin/env bash
# Runs every test, doing its own set-up on a fresh Debian 12 machine with the .NET 10 SDK.
# Prints "N passed, N failed" from the test results at the end and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
}

# npm restores the feed page's SignalR browser client during the build.
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK is required (dotnet not on PATH)"; exit 2; }
# PostgreSQL and RabbitMQ from Debian's packages: the cluster adapters' tests start throwaway servers of their own.
scripts/engines.sh install
# The browser tests drive Debian's Chromium through Playwright (Playwright's own browser downloads fail here).
apt_install chromium
# docker-compose (v1) only validates docker-compose.yml here; there is no container engine to run it.
command -v docker-compose >/dev/null 2>&1 || apt_install docker-compose

results="${TEST_RESULTS_DIR:-$PWD/TestResults}"
rm -rf "$results"
mkdir -p "$results"

echo "== build"
dotnet build Cluster.sln -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== test $name"
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
