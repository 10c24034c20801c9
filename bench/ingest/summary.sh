#!/usr/bin/env bash
# Prints the table of run.sh's results.tsv and the ratios against the targets. With
# repeated runs, each figure is the median over the repeats of that run.
# Columns of results.tsv: name rps events/s p50_ms p99_ms non2xx socket_errors peak_rss_mib
#   "server_mean_ms server_p99_bucket_ms stored_in_run" server_cpu_us_per_event io_stall_pct
set -euo pipefail
results="${1:?usage: summary.sh results.tsv}"

awk -F'\t' '
  function verdict(ok) { return ok ? "PASS" : "MISS" }
  function add(key, n, v) { count[key, n]++; vals[key, n, count[key, n]] = v }
  # median of the values stored under (key, n); "-" when none is numeric
  function med(key, n,    k, i, j, t, a, m) {
    m = 0
    for (i = 1; i <= count[key, n]; i++) if (vals[key, n, i] != "-" && vals[key, n, i] != "") a[++m] = vals[key, n, i] + 0
    if (m == 0) return "-"
    for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  {
    split($9, s, " ");
    if (!($1 in seen)) { order[++names] = $1; seen[$1] = 1 }
    runs[$1]++
    add("rps", $1, $2); add("ev", $1, $3); add("p50", $1, $4); add("p99", $1, $5); add("smean", $1, s[1])
    add("sp99", $1, s[2]); add("stored", $1, s[3]); add("cpu", $1, $10); add("io", $1, $11)
    bad[$1] += $6 + $7
    if ($8 != "-" && $8 + 0 > rss[$1] + 0) rss[$1] = $8
    if (!($1 in lo) || $3 + 0 < lo[$1]) lo[$1] = $3 + 0
    if ($3 + 0 > hi[$1] + 0) hi[$1] = $3 + 0
  }
  END {
    printf "\n%-14s %4s %9s %9s %17s %8s %8s %6s %7s %8s %8s %8s %9s %8s\n", "run", "runs", "req/s", "events/s",
      "events/s range", "p50 ms", "p99 ms", "failed", "RSS MiB", "srv mean", "srv p99<", "stored", "cpu us/ev",
      "io stall%"
    for (i = 1; i <= names; i++) {
      n = order[i]
      printf "%-14s %4d %9s %9s %17s %8s %8s %6d %7s %8s %8s %8s %9s %8s\n", n, runs[n], med("rps", n), med("ev", n),
        lo[n] "-" hi[n], med("p50", n), med("p99", n), bad[n], (n in rss) ? rss[n] : "-", med("smean", n),
        med("sp99", n), med("stored", n), med("cpu", n), med("io", n)
    }
    print "\ntargets (medians):"
    if (seen["bare"] && seen["ours"]) {
      r = med("rps", "ours") / med("rps", "bare"); l = med("p99", "ours") / med("p99", "bare")
      printf "  single-event req/s ours/bare           %6.2f  (target >= 0.60)  %s\n", r, verdict(r >= 0.6)
      printf "  single-event p99 ours/bare             %6.2f  (target <= 2.00)  %s\n", l, verdict(l <= 2)
    }
    if (seen["ours"] && seen["naive"]) {
      r = med("rps", "ours") / med("rps", "naive")
      printf "  single-event ours/naive, full          %6.1f  (target >= 5)     %s\n", r, verdict(r >= 5)
    }
    if (seen["ours-normal"] && seen["naive-normal"]) {
      r = med("rps", "ours-normal") / med("rps", "naive-normal")
      printf "  single-event ours/naive, normal        %6.1f  (information)\n", r
    }
    if (seen["batch-full"] && seen["ceiling-full"]) {
      r = med("ev", "batch-full") / med("ev", "ceiling-full")
      printf "  batch events/s / JDBC ceiling, full    %6.2f  (target >= 0.70)  %s\n", r, verdict(r >= 0.7)
    }
    if (seen["batch-normal"] && seen["ceiling-normal"]) {
      r = med("ev", "batch-normal") / med("ev", "ceiling-normal")
      printf "  batch events/s / JDBC ceiling, normal  %6.2f  (target >= 0.70)  %s\n", r, verdict(r >= 0.7)
    }
    peak = 0
    for (n in rss) if (rss[n] + 0 > peak) peak = rss[n] + 0
    printf "  peak server RSS                        %6d MiB (target < 512) %s\n", peak, verdict(peak < 512)
    errors = 0
    for (n in bad) errors += bad[n]
    printf "  failed requests (non-2xx + socket)     %6d\n", errors
  }' "$results"
