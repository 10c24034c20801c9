package dev.feedloop.web.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.store.Cause;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.Store;
import dev.feedloop.store.TicketRecord;
import dev.feedloop.triage.redact.Redactor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The weekly report, for people who would rather read than click: the week's numbers against the
 * week before, new, recurring, reopened and regressed patterns, fix verdicts with their intervals,
 * escalations and tickets. The same report is {@code feedloop report}, {@code /report} and, with
 * {@code --post}, a webhook message. Pattern names are redacted: a report travels.
 *
 * <pre>{@code
 * WeeklyReport.Report r = new WeeklyReport(store, clock).build("shop", Week.parse("2026-W47"));
 * String md = WeeklyReport.markdown(r);
 * }</pre>
 */
public final class WeeklyReport {
    private final Store store;
    private final Insights insights;
    private final Redactor redactor = Redactor.standard();

    public WeeklyReport(Store store, Clock clock) {
        this(store, new Insights(store, clock));
    }

    /** Sharing the dashboard's running totals. */
    WeeklyReport(Store store, Insights insights) {
        this.store = store;
        this.insights = insights;
    }

    /** A pattern as the report lists it. */
    public record Line(String id, String name, String cause, long count, double rate, String trend, String ticket) {
    }

    /** A fix's latest verdict with its numbers. */
    public record Verdict(String patternId, String fixId, String method, String verdict, long beforeCount,
            long beforeResponses, long afterCount, long afterResponses, Double ratio, Double ciLow, Double ciHigh,
            Double pValue, String reason) {
    }

    /** Everything the report says. */
    public record Report(String project, Week week, long responses, long negatives, long previousResponses,
            long previousNegatives, List<Line> fresh, List<Line> recurring, List<Line> reopened, List<Line> regressed,
            List<Verdict> verdicts, List<Line> escalations, List<Line> tickets) {
    }

    /** The last complete week with data, or empty when the project has none. */
    public Optional<Week> defaultWeek(String project) {
        return insights.lastCompleteWeek(project);
    }

    public Report build(String project, Week week) {
        Insights.Snapshot s = insights.snapshot(project, week, 4);
        List<PatternRecord> patterns = store.patterns(project);
        List<Insights.Row> rows = insights.rows(s, patterns);
        int last = s.weeks.size() - 1;
        List<Line> fresh = new ArrayList<>();
        List<Line> recurring = new ArrayList<>();
        List<Line> reopened = new ArrayList<>();
        List<Line> regressed = new ArrayList<>();
        List<Line> escalations = new ArrayList<>();
        List<Line> tickets = new ArrayList<>();
        for (Insights.Row r : rows) {
            PatternRecord p = r.pattern();
            if (p.status().closed()) {
                continue;
            }
            Line line = line(r);
            boolean firstSeenThisWeek = p.firstSeen() != null && !p.firstSeen().isBefore(week.from())
                    && p.firstSeen().isBefore(week.to());
            List<String> kinds = store.patternEvents(project, p.patternId()).stream()
                    .filter(e -> !e.at().isBefore(week.from()) && e.at().isBefore(week.to())).map(PatternEvent::kind)
                    .toList();
            if (firstSeenThisWeek && r.count() > 0) {
                fresh.add(line);
            } else if (r.count() > 0) {
                recurring.add(line);
            }
            if (kinds.contains("reopened") || (p.status() == PatternStatus.REOPENED && r.count() > 0)) {
                reopened.add(line);
            }
            if (kinds.contains("regressed") || (p.status() == PatternStatus.REGRESSED && r.count() > 0)) {
                regressed.add(line);
            }
            if (p.effectiveCause() == Cause.MODEL_LIMITATION && p.status() != PatternStatus.RESOLVED) {
                escalations.add(line);
            }
            if (r.ticket().isPresent() && r.count() > 0) {
                tickets.add(line);
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (FixRecord f : store.fixes(project, null)) {
            Insights.verdict(f).ifPresent(v -> verdicts.add(verdict(f, v)));
        }
        return new Report(project, week, s.responses(last), s.negatives(last), last > 0 ? s.responses(last - 1) : 0,
                last > 0 ? s.negatives(last - 1) : 0, fresh, recurring, reopened, regressed, verdicts, escalations,
                tickets);
    }

    private Line line(Insights.Row r) {
        PatternRecord p = r.pattern();
        return new Line(p.patternId(), redactor.redact(p.name()), p.effectiveCause().wire(), r.count(), r.rate(),
                r.trend(), r.ticket().map(WeeklyReport::ticket).orElse("-"));
    }

    private static String ticket(TicketRecord t) {
        return t.url() != null ? t.url() : t.tracker() + ":" + (t.key() == null ? "pending" : t.key());
    }

    private static Verdict verdict(FixRecord f, JsonNode v) {
        return new Verdict(f.patternId(), f.fixId(), v.path("method").asText(), v.path("verdict").asText(),
                v.path("before").path("occurrences").asLong(), v.path("before").path("responses").asLong(),
                v.path("after").path("occurrences").asLong(), v.path("after").path("responses").asLong(),
                number(v, "rate_ratio"), number(v, "ci_low"), number(v, "ci_high"), number(v, "p_value"),
                v.path("reason").asText());
    }

    private static Double number(JsonNode v, String field) {
        return v.path(field).isNumber() ? v.path(field).asDouble() : null;
    }

    /** The report as Markdown. */
    public static String markdown(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("# Feedloop weekly report: ").append(r.project()).append(", ").append(r.week().label()).append(" (")
                .append(r.week().days()).append(")\n\n");
        b.append(String.format(Locale.ROOT, "- Responses: %,d (week before: %,d)%n", r.responses(), r.previousResponses()));
        b.append(String.format(Locale.ROOT, "- Negatives triaged: %,d, %s of responses (week before: %,d, %s)%n%n",
                r.negatives(), OverviewPage.percent(r.negatives(), r.responses()), r.previousNegatives(),
                OverviewPage.percent(r.previousNegatives(), r.previousResponses())));
        section(b, "New patterns", r.fresh());
        section(b, "Recurring patterns", r.recurring());
        section(b, "Reopened patterns (a fix did not work)", r.reopened());
        section(b, "Regressed patterns (back after a fix)", r.regressed());
        b.append("## Fix verdicts\n\n");
        if (r.verdicts().isEmpty()) {
            b.append("No fix has a verdict yet.\n\n");
        } else {
            b.append("| pattern | fix | method | before | after | after/before (95 % interval) | p | verdict |\n");
            b.append("|---|---|---|---|---|---|---|---|\n");
            for (Verdict v : r.verdicts()) {
                b.append("| ").append(v.patternId()).append(" | ").append(v.fixId()).append(" | ").append(v.method())
                        .append(" | ").append(v.beforeCount()).append('/').append(v.beforeResponses()).append(" | ")
                        .append(v.afterCount()).append('/').append(v.afterResponses()).append(" | ")
                        .append(interval(v)).append(" | ")
                        .append(v.pValue() == null ? "-" : String.format(Locale.ROOT, "%.4f", v.pValue())).append(" | ")
                        .append(v.verdict()).append(" |\n");
            }
            b.append('\n');
        }
        section(b, "Escalations (model limitations: a human decides)", r.escalations());
        section(b, "Tickets of this week's patterns", r.tickets());
        return b.toString();
    }

    static String interval(Verdict v) {
        if (v.ratio() == null) {
            return "no traffic to compare";
        }
        return String.format(Locale.ROOT, "%.2f (%.2f-%s)", v.ratio(), v.ciLow(),
                v.ciHigh() == null ? "unbounded" : String.format(Locale.ROOT, "%.2f", v.ciHigh()));
    }

    private static void section(StringBuilder b, String title, List<Line> lines) {
        b.append("## ").append(title).append("\n\n");
        if (lines.isEmpty()) {
            b.append("None.\n\n");
            return;
        }
        b.append("| pattern | name | cause | count | rate | trend | ticket |\n|---|---|---|---|---|---|---|\n");
        for (Line l : lines) {
            b.append("| ").append(l.id()).append(" | ").append(cell(l.name())).append(" | ").append(l.cause())
                    .append(" | ").append(l.count()).append(" | ").append(OverviewPage.percentOf(l.rate())).append(" | ")
                    .append(l.trend()).append(" | ").append(cell(l.ticket())).append(" |\n");
        }
        b.append('\n');
    }

    /** Text in a Markdown table cell: no pipes, no line breaks, no HTML. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s+", " ").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The report as an HTML fragment (the dashboard's /report); a whole page with {@link #htmlPage}. */
    public static String htmlPage(Report r) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width, initial-scale=1\"><title>" + Html.escape("Feedloop weekly report "
                + r.project() + " " + r.week().label()) + "</title><style>body{font:15px/1.45 system-ui,sans-serif;"
                + "max-width:1100px;margin:1rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}"
                + "th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}</style></head><body>"
                + html(r) + "</body></html>";
    }

    static Html html(Report r) {
        List<Html> parts = new ArrayList<>();
        parts.add(Html.f("<h1>Weekly report · {} · {} <span class=\"muted\">({})</span></h1>", r.project(),
                r.week().label(), r.week().days()));
        parts.add(Html.f("<ul class=\"stats\"><li>responses<b>{}</b>week before {}</li><li>negatives triaged<b>{}</b>"
                + "week before {}</li><li>negative rate<b>{}</b>week before {}</li></ul>",
                Charts.number(r.responses()), Charts.number(r.previousResponses()), Charts.number(r.negatives()),
                Charts.number(r.previousNegatives()), OverviewPage.percent(r.negatives(), r.responses()),
                OverviewPage.percent(r.previousNegatives(), r.previousResponses())));
        parts.add(table("New patterns", r.fresh()));
        parts.add(table("Recurring patterns", r.recurring()));
        parts.add(table("Reopened patterns (a fix did not work)", r.reopened()));
        parts.add(table("Regressed patterns (back after a fix)", r.regressed()));
        parts.add(r.verdicts().isEmpty() ? Html.f("<h2>Fix verdicts</h2><p>No fix has a verdict yet.</p>")
                : Html.f("<h2>Fix verdicts</h2><div class=\"scroll\"><table><thead><tr><th>pattern</th><th>fix</th>"
                        + "<th>method</th><th class=\"num\">before</th><th class=\"num\">after</th>"
                        + "<th>after/before (95 % interval)</th><th class=\"num\">p</th><th>verdict</th></tr></thead>"
                        + "<tbody>{}</tbody></table></div>", Html.each(r.verdicts(), v -> Html.f("<tr><td><a href=\"/patterns/{}\">{}</a></td>"
                        + "<td>{}</td><td>{}</td><td class=\"num\">{}/{}</td><td class=\"num\">{}/{}</td><td>{}</td>"
                        + "<td class=\"num\">{}</td><td><span class=\"badge {}\">{}</span></td></tr>", v.patternId(),
                        v.patternId(), v.fixId(), v.method(), v.beforeCount(), v.beforeResponses(), v.afterCount(),
                        v.afterResponses(), interval(v), v.pValue() == null ? "-"
                                : String.format(Locale.ROOT, "%.4f", v.pValue()), v.verdict(), v.verdict()))));
        parts.add(table("Escalations (model limitations: a human decides)", r.escalations()));
        parts.add(table("Tickets of this week's patterns", r.tickets()));
        return Html.join(parts);
    }

    private static Html table(String title, List<Line> lines) {
        if (lines.isEmpty()) {
            return Html.f("<h2>{}</h2><p class=\"muted\">None.</p>", title);
        }
        return Html.f("<h2>{}</h2><div class=\"scroll\"><table><thead><tr><th>pattern</th><th>name</th><th>cause</th>"
                + "<th class=\"num\">count</th><th class=\"num\">rate</th><th>trend</th><th>ticket</th></tr></thead>"
                + "<tbody>{}</tbody></table></div>", title, Html.each(lines, l -> Html.f("<tr><td><a href=\"/patterns/{}\">{}</a>"
                + "</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                l.id(), l.id(), l.name(), l.cause(), l.count(), OverviewPage.percentOf(l.rate()), l.trend(), l.ticket())));
    }
}
