#!/usr/bin/env bash
# Interleaved CPU-time probe of the web request (issue 17): each variant in its own process, the variants taking turns
# so that a noisy minute hits all of them, each process measuring ROUNDS rounds after its warm-up. Prints, per
# variant, the lowest CPU time per request seen in any round of any repetition, and its ratio to raw EF Core; and the
# median of the repetitions' bytes allocated per request (on PostgreSQL they move with how often Npgsql's I/O
# completes asynchronously, so one process decides nothing), with its difference to raw EF Core.
#
#   ./request-cpu.sh SqliteInMemory                 # 4 repetitions of 10,000 requests, 10 rounds each
#   REPS=6 REQUESTS=20000 ./request-cpu.sh SqliteFile Raw EmptyInterceptor QueryDoctor
#
# Process CPU time counts every thread (GC, tiered compilation), so read the ratios, not the microseconds. Build first:
# dotnet build -c Release.
set -euo pipefail
cd "$(dirname "$0")"

database=${1:?usage: request-cpu.sh <SqliteInMemory|SqliteFile|PostgreSql> [variant...]}
shift
variants=("$@")
if [ ${#variants[@]} -eq 0 ]; then
  variants=(Raw EmptyInterceptor OpenTelemetry QueryDoctorWithoutCallSites QueryDoctor QueryDoctorAmbient)
fi

probe=bin/Release/net10.0/QueryDoctor.Benchmarks
if [ ! -x "$probe" ]; then
  echo "request-cpu.sh: $probe not found; run 'dotnet build -c Release' first" >&2
  exit 2
fi

reps=${REPS:-4}
requests=${REQUESTS:-10000}
rounds=${ROUNDS:-10}
results=$(mktemp)
trap 'rm -f "$results"' EXIT

for rep in $(seq "$reps"); do
  for variant in "${variants[@]}"; do
    out=$(QD_PROBE_ROUNDS=$rounds "$probe" request-probe "$database" "$variant" "$requests")
    best=$(grep -o 'min [0-9.]*' <<<"$out" | cut -d' ' -f2)
    allocated=$(grep -o '[0-9.]* KB allocated' <<<"$out" | cut -d' ' -f1)
    echo "$variant $best $allocated" >>"$results"
    echo "repetition $rep: $variant $best us, $allocated KB" >&2
  done
done

awk -v database="$database" '
  function median(v,    n, i, j, t, a) {
    n = split(kb[v], a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    if (!($1 in best) || $2 < best[$1]) best[$1] = $2
    kb[$1] = kb[$1] " " $3
    if (!($1 in order)) { order[$1] = n++; names[n - 1] = $1 }
  }
  END {
    printf "%s: lowest CPU time per request of any round (us), ratio to Raw; median KB allocated per request, over Raw\n", database
    for (i = 0; i < n; i++) {
      v = names[i]
      m = median(v)
      if ("Raw" in best) printf "  %-28s %8.1f  %5.2f  %7.2f KB  %+6.2f KB (%+.0f%%)\n", v, best[v], best[v] / best["Raw"], m, m - median("Raw"), 100 * (m / median("Raw") - 1)
      else printf "  %-28s %8.1f  %7.2f KB\n", v, best[v], m
    }
  }' "$results"
