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
        Table table = new Table("  ", "id", "name", ">count", ">lift", "cause", ">conf", "status", "new", "view");
        for (TriageReport.PatternSummary p : report.patterns()) {
            table.row(p.id(), clip(p.name(), 44), p.count(), String.format("%.1f", p.lift()), p.cause(),
                    String.format("%.1f", p.causeConfidence()), p.status(), p.isNew() ? "yes" : "", p.view());
        }
        table.print(out);
    }

    static void printVerify(PrintWriter out, List<VerifyResult> results) {
        if (results.isEmpty()) {
            out.println("No fixes to verify. Record one with: feedloop fix add --pattern ID --deployed-at T");
            return;
        }
        Table table = new Table("  ", "pattern", "fix", "method", ">before", ">after", ">change", ">95% CI of ratio",
                ">p", "verdict", "status");
        for (VerifyResult r : results) {
            var v = r.verdict();
            String before = r.before().occurrences() + "/" + r.before().responses();
            String after = r.after().occurrences() + "/" + r.after().responses();
            if (r.comparable()) {
                String ci = String.format("%.2f-%s", v.ciLow(), Double.isFinite(v.ciHigh())
                        ? String.format("%.2f", v.ciHigh()) : "inf");
                table.row(r.patternId(), r.fixId(), r.method(), before, after,
                        String.format("%.0f%%", -v.reductionPct()), ci, String.format("%.4f", v.pValue()),
                        v.verdict().jsonName(), r.patternStatus());
            } else {
                table.row(r.patternId(), r.fixId(), r.method(), before, after, "-", "-", "-", v.verdict().jsonName(),
                        r.patternStatus());
            }
            table.note(v.reason());
        }
        table.print(out);
    }

    /**
     * Says that a project has nothing in a window or at all, naming the projects that do have data,
     * since a wrong or missing --project is the usual reason.
     */
    static String nothingIn(dev.feedloop.store.CaptureStore store, String project, String what) {
        List<String> others = store.projects().stream().filter(p -> !p.equals(project)).toList();
        String hint = others.isEmpty() ? "" : "; projects with data: " + String.join(", ", others)
                + " (choose one with --project or FEEDLOOP_PROJECT)";
        return what + " in project '" + project + "'" + hint;
    }

    static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
