package dev.feedloop.cli;

import dev.feedloop.eval.Evaluation;
import java.io.PrintWriter;

/** The evaluation table and its summary line. */
final class EvalPrinter {
    private EvalPrinter() {
    }

    static void print(PrintWriter out, Evaluation.Score s) {
        out.printf("  %-28s %-17s %7s %-6s %5s %5s %5s %4s %-17s %-14s %s%n", "planted pattern", "cause", "members",
                "found", "F1", "prec", "rec", "frag", "found cause", "expected", "verdict");
        for (Evaluation.Match m : s.matches()) {
            out.printf("  %-28s %-17s %7d %-6s %5.2f %5.2f %5.2f %4d %-17s %-14s %s%n", Reports.clip(m.plantedId(), 28),
                    m.cause(), m.planted(), m.found() ? m.foundId() : "-", m.f1(), m.precision(), m.recall(),
                    m.fragments(), m.found() ? m.foundCause() : "-", m.expectedVerdict() == null ? "(no fix)"
                            : m.expectedVerdict(), m.verdict() == null ? "-" : m.verdict());
        }
        out.printf("SUMMARY recall %.2f (%d/%d found), purity %.2f, spurious %d, patterns %d, cause accuracy %.2f,"
                        + " verdict accuracy %.2f (%d fixes)%n", s.recall(),
                s.matches().stream().filter(Evaluation.Match::found).count(), s.matches().size(), s.purity(),
                s.spurious(), s.foundPatterns(), s.causeAccuracy(), s.verdictAccuracy(), s.verdictsJudged());
    }
}
