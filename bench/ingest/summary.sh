#!/usr/bin/env bash
# Prints the table of run.sh's results.tsv and the ratios against the targets.
# Columns of results.tsv: name rps events/s p50_ms p99_ms non2xx socket_errors peak_rss_mib
#   "server_mean_ms server_p99_bucket_ms stored_in_run" server_cpu_us_per_event
set -euo pipefail
results="${1:?usage: summary.sh results.tsv}"

awk -F'\t' '
  function verdict(ok) { return ok ? "PASS" : "MISS" }
  {
    split($9, s, " ");
    name[NR] = $1; rps[$1] = $2; ev[$1] = $3; p50[$1] = $4; p99[$1] = $5; bad[$1] = $6; sock[$1] = $7;
    rss[$1] = $8; smean[$1] = s[1]; sp99[$1] = s[2]; stored[$1] = s[3]; cpu[$1] = $10; seen[$1] = 1
  }
  END {
    printf "\n%-15s %10s %10s %9s %9s %7s %7s %8s %9s %9s %9s %8s\n", "run", "req/s", "events/s", "p50 ms",
      "p99 ms", "non2xx", "sockerr", "RSS MiB", "srv mean", "srv p99<=", "stored", "cpu us/ev"
    for (i = 1; i <= NR; i++) {
      n = name[i]
      printf "%-15s %10s %10s %9s %9s %7s %7s %8s %9s %9s %9s %8s\n", n, rps[n], ev[n], p50[n], p99[n], bad[n],
        sock[n], rss[n], smean[n], sp99[n], stored[n], cpu[n]
    }
    print "\ntargets:"
    if (seen["bare"] && seen["ours"]) {
      r = rps["ours"] / rps["bare"]; l = p99["ours"] / p99["bare"]
      printf "  single-event throughput ours/bare     %6.2f  (target >= 0.60)  %s\n", r, verdict(r >= 0.6)
      printf "  single-event p99 ours/bare            %6.2f  (target <= 2.00)  %s\n", l, verdict(l <= 2)
    }
    if (seen["ours"] && seen["naive"]) {
      r = rps["ours"] / rps["naive"]
      printf "  single-event ours/naive, full         %6.2f  (target >= 5.00)  %s\n", r, verdict(r >= 5)
    }
    if (seen["ours-normal"] && seen["naive-normal"]) {
      r = rps["ours-normal"] / rps["naive-normal"]
      printf "  single-event ours/naive, normal       %6.2f  (information)\n", r
    }
    if (seen["batch-full"] && seen["ceiling-full"]) {
      r = ev["batch-full"] / ev["ceiling-full"]
      printf "  batch events/s vs JDBC ceiling, full  %6.2f  (target >= 0.70)  %s\n", r, verdict(r >= 0.7)
    }
    if (seen["batch-normal"] && seen["ceiling-normal"]) {
      r = ev["batch-normal"] / ev["ceiling-normal"]
      printf "  batch events/s vs JDBC ceiling, normal%6.2f  (target >= 0.70)  %s\n", r, verdict(r >= 0.7)
    }
    peak = 0
    for (n in rss) if (rss[n] != "-" && rss[n] + 0 > peak) peak = rss[n] + 0
    printf "  peak server RSS                       %6d MiB (target < 512) %s\n", peak, verdict(peak < 512)
    errors = 0
    for (n in bad) errors += bad[n] + sock[n]
    printf "  failed requests (non-2xx + socket)    %6d\n", errors
  }' "$results"
