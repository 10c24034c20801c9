package dev.feedloop.web.dashboard;

import dev.feedloop.store.FixRecord;
import dev.feedloop.store.PatternRecord;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The overview: traffic and negative rate by prompt version, the week's top patterns, escalations, fixes waiting. */
final class OverviewPage {
    static final int WEEKS = 8;

    private OverviewPage() {
    }

    static Html render(Insights.Snapshot s, List<Insights.Row> rows, List<PatternRecord> escalations,
            List<FixRecord> fixes) {
        int last = s.weeks.size() - 1;
        long responses = s.responses(last);
        long negatives = s.negatives(last);
        List<Charts.Marker> markers = new ArrayList<>();
        for (FixRecord f : fixes) {
            markers.add(new Charts.Marker(f.deployedAt().atOffset(ZoneOffset.UTC).toLocalDate(),
                    "fix " + f.patternId()));
        }
        Html stats = Html.f("<ul class=\"stats\"><li>responses<b>{}</b></li><li>negatives (triaged)<b>{}</b></li>"
                + "<li>negative rate<b>{}</b></li><li>active patterns<b>{}</b></li><li>open escalations<b>{}</b></li></ul>",
                Charts.number(responses), Charts.number(negatives), percent(negatives, responses),
                rows.stream().filter(r -> !r.pattern().status().closed()).count(), escalations.size());
        Html charts = Html.f("<div class=\"grid2\"><div class=\"card\">{}</div><div class=\"card\">{}</div></div>",
                Charts.stackedBars("Responses per day, by prompt version", "responses per day", "day (UTC)", s.days,
                        Charts.series(s.days, s.responsesPerDay()), markers),
                Charts.lines("Negative rate per day, by prompt version (red lines: fix deployments)",
                        "negative rate (%)", "day (UTC)", s.days, Charts.series(s.days, s.negativeRatePerDay()), markers));
        List<Insights.Row> top = rows.stream().filter(r -> !r.pattern().status().closed() && r.count() > 0)
                .sorted(Comparator.comparingLong(Insights.Row::count).reversed()).limit(8).toList();
        Html topTable = top.isEmpty() ? Html.f("<p class=\"muted\">No pattern had occurrences in {} (run triage for"
                + " it: feedloop triage --week {}).</p>", s.last().label(), s.last().label())
                : Html.f("<div class=\"scroll\"><table><thead><tr><th>pattern</th><th>cause</th><th class=\"num\">count</th>"
                        + "<th class=\"num\">rate</th><th>trend ({} weeks)</th></tr></thead><tbody>{}</tbody></table></div>",
                        s.weeks.size(), Html.each(top, r -> Html.f("<tr><td><a href=\"/patterns/{}\">{}</a> {}</td><td>{}</td>"
                                + "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{} {}</td></tr>",
                                r.pattern().patternId(), r.pattern().patternId(), r.pattern().name(),
                                r.pattern().effectiveCause(), r.count(), percentOf(r.rate()), Charts.sparkline(r.weeklyRates()),
                                r.trend())));
        Html esc = escalations.isEmpty() ? Html.f("<p class=\"muted\">None: no open pattern is judged a model limitation.</p>")
                : Html.f("<ul>{}</ul>", Html.each(escalations, p -> Html.f("<li><a href=\"/patterns/{}\">{}</a> {}</li>",
                        p.patternId(), p.patternId(), p.name())));
        List<FixRecord> waiting = fixes.stream().filter(f -> f.lastVerdict() == null
                || f.lastVerdict().equals("inconclusive")).toList();
        Html wait = waiting.isEmpty() ? Html.f("<p class=\"muted\">None: every recorded fix has a verdict.</p>")
                : Html.f("<ul>{}</ul>", Html.each(waiting, f -> Html.f("<li><a href=\"/patterns/{}\">{}</a> fix {} deployed {}{}: {}</li>",
                        f.patternId(), f.patternId(), f.fixId(), f.deployedAt().toString().substring(0, 10),
                        f.promptVersion() == null ? "" : " in " + f.promptVersion(),
                        f.lastVerdict() == null ? "not verified yet" : "inconclusive so far")));
        return Html.f("<h1>Overview · week {} <span class=\"muted\">({})</span></h1>{}{}"
                + "<div class=\"grid2\"><section class=\"card\"><h2>Top patterns this week</h2>{}</section>"
                + "<section class=\"card\"><h2>Open escalations (model limitations)</h2>{}"
                + "<h2>Fixes awaiting a verdict</h2>{}</section></div>",
                s.last().label(), s.last().days(), stats, charts, topTable, esc, wait);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "-" : percentOf((double) part / whole);
    }

    static String percentOf(double rate) {
        return String.format(Locale.ROOT, "%.2f %%", rate * 100);
    }
}
