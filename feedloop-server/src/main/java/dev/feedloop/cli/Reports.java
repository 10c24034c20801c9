package dev.feedloop.cli;

import dev.feedloop.triage.TriageReport;
import dev.feedloop.verify.VerifyResult;
import java.io.PrintWriter;
import java.util.List;

/** Readable tables for the terminal. */
final class Reports {
    private Reports() {
    }

    static void printTriage(PrintWriter out, TriageReport report) {
        out.printf("Triage %s: %s .. %s, %,d negatives, %d patterns, %,d unassigned%n", report.runId(), report.from(),
                report.to(), report.negatives(), report.patterns().size(), report.unassignedRequestIds().size());
        if (report.patterns().isEmpty()) {
            return;
        }
        out.printf("  %-6s %-40s %6s %5s %-17s %-9s %s%n", "id", "name", "count", "lift", "cause", "status", "new");
        for (TriageReport.PatternSummary p : report.patterns()) {
            out.printf("  %-6s %-40s %6d %5.1f %-17s %-9s %s%n", p.id(), clip(p.name(), 40), p.count(), p.lift(),
                    p.cause() + String.format(" %.1f", p.causeConfidence()), p.status(), p.isNew() ? "yes" : "");
        }
    }

    static void printVerify(PrintWriter out, List<VerifyResult> results) {
        if (results.isEmpty()) {
            out.println("No fixes to verify. Record one with: feedloop fix add --pattern ID --deployed-at T");
            return;
        }
        out.printf("  %-6s %-11s %-12s %14s %14s %8s %17s %8s  %-14s %s%n", "pattern", "fix", "method", "before",
                "after", "change", "95% CI of ratio", "p", "verdict", "status");
        for (VerifyResult r : results) {
            var v = r.verdict();
            out.printf("  %-6s %-11s %-12s %14s %14s %7.0f%% %17s %8.4f  %-14s %s%n", r.patternId(), r.fixId(),
                    r.method(), r.before().occurrences() + "/" + r.before().responses(),
                    r.after().occurrences() + "/" + r.after().responses(), -v.reductionPct(),
                    String.format("%.2f-%s", v.ciLow(), Double.isFinite(v.ciHigh()) ? String.format("%.2f", v.ciHigh())
                            : "inf"), v.pValue(), v.verdict().jsonName(), r.patternStatus());
            out.println("      " + v.reason());
        }
    }

    static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
