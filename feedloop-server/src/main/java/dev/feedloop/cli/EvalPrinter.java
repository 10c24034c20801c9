package dev.feedloop.cli;

import dev.feedloop.eval.Evaluation;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The evaluation table and its summary line. */
final class EvalPrinter {
    private EvalPrinter() {
    }

    static void print(PrintWriter out, Evaluation.Score s) {
        out.printf("  %-28s %-17s %7s %-6s %5s %5s %5s %4s %-17s %-14s %-13s %s%n", "planted pattern", "cause",
                "members", "found", "F1", "prec", "rec", "frag", "found cause", "expected", "verdict", "view: planted/found");
        for (Evaluation.Match m : s.matches()) {
            out.printf("  %-28s %-17s %7d %-6s %5.2f %5.2f %5.2f %4d %-17s %-14s %-13s %s/%s%n",
                    Reports.clip(m.plantedId(), 28), m.cause(), m.planted(), m.found() ? m.foundId() : "-", m.f1(),
                    m.precision(), m.recall(), m.fragments(), m.found() ? m.foundCause() : "-",
                    m.expectedVerdict() == null ? "(no fix)" : m.expectedVerdict(), m.verdict() == null ? "-"
                            : m.verdict(), m.view(), m.found() ? m.foundView() : "-");
        }
        StringBuilder views = new StringBuilder("BY VIEW");
        for (String view : List.of("question", "answer")) {
            List<Evaluation.Match> of = s.of(view);
            if (of.isEmpty()) {
                continue;
            }
            long found = of.stream().filter(Evaluation.Match::found).count();
            long causes = of.stream().filter(m -> m.found() && m.cause().equals(m.foundCause())).count();
            views.append(String.format(Locale.ROOT, " %s: %d/%d found, F1 min %.2f, causes %d/%d;", view, found,
                    of.size(), of.stream().mapToDouble(Evaluation.Match::f1).min().orElse(0), causes, found));
        }
        out.println(views.substring(0, views.length() - 1));
        out.printf("SUMMARY recall %.2f (%d/%d found), purity %.2f, spurious %d, patterns %d, cause accuracy %.2f,"
                        + " verdict accuracy %.2f (%d fixes), mixed %d%n", s.recall(),
                s.matches().stream().filter(Evaluation.Match::found).count(), s.matches().size(), s.purity(),
                s.spurious(), s.foundPatterns(), s.causeAccuracy(), s.verdictAccuracy(), s.verdictsJudged(), s.mixed());
    }
}
