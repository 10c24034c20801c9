/**
 * Pure statistics for fix verification: is a failure pattern's rate per response lower after a
 * fix than before it, by how much, how sure are we, and how much more traffic would settle it.
 *
 * <p>The model: a pattern's occurrences in a window are Poisson with mean {@code rate x
 * exposure}, where exposure is the number of responses in that window. Comparing rates rather
 * than raw counts is what keeps a traffic change from looking like a fix (or a regression).
 *
 * <p>Methods and their sources:
 * <ul>
 *   <li>Exact conditional test of two Poisson rates: given {@code x1 + x2}, the after count is
 *       {@code Binomial(x1 + x2, n2 / (n1 + n2))} under equal rates. Przyborowski, J. &amp;
 *       Wilenski, H. (1940), "Homogeneity of results in testing samples from Poisson series",
 *       Biometrika 31, 313-323; Breslow, N.E. &amp; Day, N.E. (1987), Statistical Methods in
 *       Cancer Research vol. II, IARC, ch. 2; Gu, K., Ng, H.K.T., Tang, M.L. &amp; Schucany, W.R.
 *       (2008), "Testing the ratio of two Poisson rates", Biometrical Journal 50, 283-298. This
 *       is what R's {@code poisson.test(c(x2, x1), c(n2, n1))} computes.</li>
 *   <li>Two-sided p-value: the "minimum likelihood" rule of R's {@code binom.test} (sum of the
 *       probabilities of all outcomes no more likely than the observed one, with R's relative
 *       tolerance 1e-7). See Fay, M.P. (2010), R Journal 2(1), 53-58, on why it can disagree
 *       with the interval; our verdicts therefore use the one-sided tests, whose dual is the
 *       reported interval.</li>
 *   <li>Interval for the rate ratio: Clopper, C.J. &amp; Pearson, E.S. (1934), Biometrika 26,
 *       404-413, for the binomial proportion, mapped to the ratio scale by
 *       {@code RR = p / (1 - p) * n1 / n2} (Breslow &amp; Day 1987; R's {@code poisson.test}).</li>
 *   <li>Power: exact unconditional power of the one-sided conditional test, summing over the
 *       Poisson total (Gu et al. 2008, section 4; Shiue, W.K. &amp; Bain, L.J. (1982),
 *       "Experiment size and power comparisons for two-sample Poisson tests", Applied Statistics
 *       31, 130-134, for the same design question with a normal approximation).</li>
 * </ul>
 *
 * <p>Entry points: {@link dev.feedloop.stats.RateComparison#of} and
 * {@link dev.feedloop.stats.FixVerdicts#verify}.
 */
package dev.feedloop.stats;
