package dev.feedloop.web.dashboard;

import dev.feedloop.store.PatternStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The pattern table: sortable by any column, filterable by status, cause and text; and "define a pattern". */
final class PatternsPage {
    /** Sortable columns and how they compare. */
    private static final Map<String, Comparator<Insights.Row>> SORTS = Map.of(
            "id", Comparator.comparingInt(r -> number(r.pattern().patternId())),
            "name", Comparator.comparing(r -> r.pattern().name().toLowerCase(Locale.ROOT)),
            "status", Comparator.comparing(PatternsPage::status),
            "cause", Comparator.comparing(r -> r.pattern().effectiveCause().wire()),
            "count", Comparator.comparingLong(Insights.Row::count),
            "rate", Comparator.comparingDouble(Insights.Row::rate),
            "lift", Comparator.comparingDouble(r -> Double.isNaN(r.lift()) ? -1 : r.lift()),
            "trend", Comparator.comparing(Insights.Row::trend));

    private PatternsPage() {
    }

    /** The query a table view was asked with. */
    record Query(String sort, boolean descending, String status, String cause, String text) {
        static Query of(Function<String, String> param) {
            String sort = param.apply("sort");
            return new Query(sort != null && SORTS.containsKey(sort) ? sort : "count", !"asc".equals(param.apply("dir")),
                    blankToNull(param.apply("status")), blankToNull(param.apply("cause")), blankToNull(param.apply("q")));
        }
    }

    static Html render(Insights.Snapshot s, List<Insights.Row> rows, Query q, String csrf, Html flash) {
        Comparator<Insights.Row> order = SORTS.get(q.sort());
        List<Insights.Row> shown = rows.stream()
                .filter(r -> q.status() == null || status(r).startsWith(q.status()))
                .filter(r -> q.cause() == null || r.pattern().effectiveCause().wire().equals(q.cause()))
                .filter(r -> q.text() == null || (r.pattern().patternId() + " " + r.pattern().name() + " "
                        + String.join(" ", r.pattern().keywords())).toLowerCase(Locale.ROOT)
                        .contains(q.text().toLowerCase(Locale.ROOT)))
                .sorted(q.descending() ? order.reversed() : order).toList();
        Html filters = Html.f("<form method=\"get\" action=\"/patterns\" class=\"filters\">"
                + "<label>status <select name=\"status\">{}</select></label>"
                + "<label>cause <select name=\"cause\">{}</select></label>"
                + "<label>search <input name=\"q\" value=\"{}\" placeholder=\"name, id or keyword\"></label>"
                + "<input type=\"hidden\" name=\"sort\" value=\"{}\"><input type=\"hidden\" name=\"dir\" value=\"{}\">"
                + "<button type=\"submit\">Filter</button></form>",
                options(List.of("", "new", "open", "fix deployed", "resolved", "reopened", "regressed", "dismissed", "merged"),
                        q.status()),
                options(List.of("", "prompt", "retrieval", "model_limitation", "unknown"), q.cause()),
                q.text() == null ? "" : q.text(), q.sort(), q.descending() ? "desc" : "asc");
        Html head = Html.f("<tr>{}{}{}{}{}{}<th class=\"hide-narrow\">trend</th>{}<th>ticket</th><th>fix verdict</th></tr>",
                th("id", "id", q), th("name", "name", q), th("status", "status", q), th("cause", "cause", q),
                th("count", "count " + s.last().label(), q), th("rate", "rate", q), th("lift", "lift", q));
        Html body = Html.each(shown, r -> Html.f("<tr><td><a href=\"/patterns/{}\">{}</a></td><td>{}{}</td>"
                + "<td><span class=\"badge {}\">{}</span></td><td>{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                + "<td class=\"hide-narrow\">{} {}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                r.pattern().patternId(), r.pattern().patternId(), r.pattern().name(),
                r.pattern().view().answerSide() ? Html.f(" <span class=\"muted\">({})</span>", r.pattern().view())
                        : Html.EMPTY,
                status(r).replace(' ', '_'), status(r), r.pattern().effectiveCause(),
                r.pattern().causeOverride() != null ? " (reviewer)" : "", r.count(), OverviewPage.percentOf(r.rate()),
                Charts.sparkline(r.weeklyRates()), r.trend(),
                Double.isNaN(r.lift()) ? "-" : String.format(Locale.ROOT, "%.1f", r.lift()),
                PatternPage.ticket(r.ticket()), verdict(r)));
        Html define = Html.f("<section class=\"card\"><h2>Define a pattern from examples</h2>"
                + "<p class=\"muted\">Name a failure triage has not found yet; its next runs fill it with the negatives"
                + " that match your examples.</p>"
                + "<form method=\"post\" action=\"/patterns/define\" class=\"action\">{}"
                + "<label>name <input name=\"name\" required maxlength=\"120\"></label>"
                + "<label>example user inputs, one a line <textarea name=\"examples\" rows=\"3\" required></textarea></label>"
                + "<button type=\"submit\">Define</button></form></section>", Layout.csrf(csrf));
        return Html.f("<h1>Patterns <span class=\"muted\">({} of {}; counts and rates of week {})</span></h1>{}{}"
                + "<div class=\"scroll\"><table id=\"patterns\"><thead>{}</thead><tbody>{}</tbody></table></div>{}",
                shown.size(), rows.size(), s.last().label(), flash, filters, head, body, define);
    }

    /** The status a reader sees: the stored one, or "fix deployed" while an open pattern's fix awaits its verdict. */
    static String status(Insights.Row r) {
        PatternStatus st = r.pattern().status();
        if (st == PatternStatus.MERGED) {
            return "merged into " + r.pattern().mergedInto();
        }
        boolean waiting = r.latestFix().isPresent() && (r.latestFix().get().lastVerdict() == null
                || r.latestFix().get().lastVerdict().equals("inconclusive"));
        if (waiting && (st == PatternStatus.NEW || st == PatternStatus.OPEN || st == PatternStatus.REOPENED)) {
            return "fix deployed";
        }
        return st.wire();
    }

    private static Html verdict(Insights.Row r) {
        if (r.latestFix().isEmpty()) {
            return Html.text("-");
        }
        var fix = r.latestFix().get();
        var json = Insights.verdict(fix);
        if (json.isEmpty()) {
            return Html.f("<span class=\"badge\">{} not verified</span>", fix.fixId());
        }
        var v = json.get();
        return Html.f("<span class=\"badge {}\">{}</span> {}", v.path("verdict").asText(), v.path("verdict").asText(),
                v.path("ci_low").isNumber() ? String.format(Locale.ROOT, "ratio %.2f (%.2f-%.2f)",
                        v.path("rate_ratio").asDouble(), v.path("ci_low").asDouble(),
                        v.path("ci_high").isNumber() ? v.path("ci_high").asDouble() : Double.POSITIVE_INFINITY) : "");
    }

    private static Html th(String key, String label, Query q) {
        boolean current = key.equals(q.sort());
        String dir = current && q.descending() ? "asc" : "desc";
        StringBuilder href = new StringBuilder("/patterns?sort=").append(key).append("&dir=").append(dir);
        if (q.status() != null) {
            href.append("&status=").append(java.net.URLEncoder.encode(q.status(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (q.cause() != null) {
            href.append("&cause=").append(java.net.URLEncoder.encode(q.cause(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (q.text() != null) {
            href.append("&q=").append(java.net.URLEncoder.encode(q.text(), java.nio.charset.StandardCharsets.UTF_8));
        }
        String cls = key.equals("count") || key.equals("rate") || key.equals("lift") ? " class=\"num\"" : "";
        return Html.f("<th{}{}><a href=\"{}\">{}{}</a></th>", Html.trusted(cls),
                Html.trusted(current ? " aria-sort=\"" + (q.descending() ? "descending" : "ascending") + "\"" : ""),
                href.toString(), label, current ? (q.descending() ? " ▼" : " ▲") : "");
    }

    private static Html options(List<String> values, String selected) {
        return Html.each(values, v -> Html.f("<option value=\"{}\"{}>{}</option>", v,
                Html.trusted(v.equals(selected == null ? "" : selected) ? " selected" : ""), v.isEmpty() ? "any" : v));
    }

    private static int number(String id) {
        try {
            return id.startsWith("P-") ? Integer.parseInt(id.substring(2)) : Integer.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
