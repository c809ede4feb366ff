#!/usr/bin/env bash
# README's test command: installs what the test suite needs on a fresh machine that has only the .NET 10 SDK,
# then runs the whole suite with `dotnet test`. CI (.ci/run) runs exactly this script.
#
# What the suite needs beyond the SDK, each installed only when missing (Debian packages):
#   - PostgreSQL 15 server binaries and HypoPG: tests start a throwaway cluster on 127.0.0.1;
#     pg_stat_statements ships with the server package.
#   - Chromium: the browser tests (HTML report, dashboard) drive it headless through Playwright;
#     Playwright's own browser download is never used.
#   - Node.js and npm: the OpenTelemetry test client written in JavaScript (its packages come from the
#     lock file next to it, installed by the test itself).
# Installing needs root or sudo. Arguments are passed to `dotnet test` (e.g. `./test.sh --project tests/QueryDoctor.Tests`).
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet is not on PATH)" >&2
  exit 1
fi

missing=()
{ [ -x /usr/lib/postgresql/15/bin/initdb ] && [ -f /usr/share/postgresql/15/extension/pg_stat_statements.control ]; } \
  || missing+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/hypopg.control ] || missing+=(postgresql-15-hypopg)
[ -x /usr/bin/chromium ] || missing+=(chromium)
{ command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || missing+=(nodejs npm)

if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "test.sh: the tests need ${missing[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: the tests need ${missing[*]} (Debian packages); install them with your package manager" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

exec dotnet test "$@"
