package dev.feedloop.web.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.store.Cause;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.TicketRecord;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One pattern: what it is, its cause with the evidence, a suggested fix, redacted examples, its
 * weekly occurrences and rate with fix deployments, each fix's before/after rates with intervals,
 * its ticket and history, the regression-set download, and the review actions.
 */
final class PatternPage {
    private PatternPage() {
    }

    /** What the page shows besides the pattern itself. */
    record Model(PatternRecord pattern, Insights.Snapshot weeks, List<FixRecord> fixes, List<PatternEvent> history,
            Optional<TicketRecord> ticket, List<Example> examples, long memberTotal, List<PatternRecord> mergeTargets,
            String suggestedFix, boolean suggestionFromAnalyst) {
    }

    /** A redacted example: what was asked and answered, what the user did, the edit as a diff. */
    record Example(String requestId, String at, String promptVersion, String input, String output, String reaction,
            String edited) {
    }

    static Html render(Model m, String csrf, Html flash) {
        PatternRecord p = m.pattern();
        String id = p.patternId();
        Html head = Html.f("<h1>{} · {} <span class=\"badge {}\">{}</span></h1>{}"
                + "<p>{}{}</p><p class=\"muted\">view: {} · keywords: {} · first seen {} · last seen {} · {} negatives assigned"
                + " in all</p>",
                id, p.name(), p.status().wire(), p.status().wire() + (p.mergedInto() == null ? "" : " into " + p.mergedInto()),
                flash, p.description(), p.descriptionLocked() ? Html.f(" <span class=\"muted\">(written by a reviewer)</span>")
                        : Html.EMPTY, p.view().answerSide() ? p.view() + " (" + p.view().phrase() + ")" : "question",
                String.join(", ", p.keywords()), day(p.firstSeen()), day(p.lastSeen()), m.memberTotal());
        Html cause = Html.f("<section class=\"card\"><h2>Cause: {}{}</h2>{}<h2>Suggested fix</h2><p id=\"suggested-fix\">{}</p>"
                + "<p class=\"muted\">{}</p></section>",
                p.effectiveCause(), p.causeOverride() != null ? " (set by a reviewer; triage judged " + p.cause() + ")"
                        : String.format(Locale.ROOT, " (confidence %.2f)", p.causeConfidence()),
                evidence(p.evidenceJson()), m.suggestedFix(),
                m.suggestionFromAnalyst() ? "suggested by the analyst" : "the standard advice for this cause");
        Html chart = weekly(m);
        Html verdicts = Html.each(m.fixes(), PatternPage::fix);
        Html ticket = Html.f("<section class=\"card\"><h2>Ticket</h2><p>{}</p><h2>Regression set</h2><p>The failing cases,"
                + " redacted, to test the next prompt with: <a href=\"/patterns/{}/regression-set?format=jsonl\">JSONL</a> ·"
                + " <a href=\"/patterns/{}/regression-set?format=csv\">CSV</a> ·"
                + " <a href=\"/patterns/{}/regression-set?format=promptfoo\">promptfoo</a></p></section>",
                ticket(m.ticket()), id, id, id);
        Html history = Html.f("<section class=\"card\"><h2>History</h2><ol class=\"history\" id=\"history\">{}</ol></section>",
                Html.each(m.history(), e -> Html.f("<li><time>{}</time> <b>{}</b> {} <span class=\"muted\">by {}</span></li>",
                        e.at().toString().replace('T', ' ').replace("Z", " UTC"), e.kind(), e.detail(),
                        e.actor() == null ? "Feedloop" : e.actor())));
        return Html.f("{}<div class=\"grid2\">{}<section class=\"card\">{}</section></div>{}"
                + "<div class=\"grid2\">{}{}</div>{}{}",
                head, cause, chart, verdicts.toString().isEmpty() ? Html.EMPTY
                        : Html.f("<section class=\"card\"><h2>Fixes and verdicts</h2><div class=\"grid2\">{}</div></section>", verdicts),
                ticket, history, examples(m, csrf), ReviewForms.render(m, csrf));
    }

    private static Html weekly(Model m) {
        Insights.Snapshot s = m.weeks();
        List<LocalDate> mondays = s.weeks.stream().map(Week::monday).toList();
        double[] counts = new double[mondays.size()];
        double[] rates = new double[mondays.size()];
        for (int w = 0; w < counts.length; w++) {
            counts[w] = s.occurrences(m.pattern().patternId(), w);
            rates[w] = 100 * s.rate(m.pattern().patternId(), w);
        }
        List<Charts.Marker> markers = new ArrayList<>();
        for (FixRecord f : m.fixes()) {
            markers.add(new Charts.Marker(Week.of(f.deployedAt()).monday(), "fix " + f.fixId()));
        }
        return Html.f("{}{}", Charts.stackedBars("Occurrences per week", "negatives per week", "week (starting Monday, UTC)",
                        mondays, List.of(new Charts.Series(m.pattern().patternId(), counts)), markers),
                Charts.lines("Rate per response per week", "occurrences per 100 responses (%)", "week (starting Monday, UTC)",
                        mondays, List.of(new Charts.Series(m.pattern().patternId(), rates)), markers));
    }

    private static Html fix(FixRecord f) {
        Optional<JsonNode> v = Insights.verdict(f);
        Html title = Html.f("<h3>{} deployed {}{}</h3><p class=\"muted\">{}</p>", f.fixId(), day(f.deployedAt()),
                f.promptVersion() == null ? "" : " in " + f.promptVersion(), f.note() == null ? "" : f.note());
        if (v.isEmpty()) {
            return Html.f("<div>{}<p>Not verified yet: it is judged on the next verification.</p></div>", title);
        }
        JsonNode r = v.get();
        JsonNode before = r.path("before");
        JsonNode after = r.path("after");
        String method = r.path("method").asText();
        List<Charts.Bar> bars = List.of(bar(method.equals("canary") ? "old version" : "before", before),
                bar(method.equals("canary") ? "fix's version" : "after", after));
        String ratio = r.path("rate_ratio").isNumber() ? String.format(Locale.ROOT,
                "after/before rate ratio %.2f (95 %% interval %.2f-%s), one-sided p = %.4f", r.path("rate_ratio").asDouble(),
                r.path("ci_low").asDouble(), r.path("ci_high").isNumber() ? String.format(Locale.ROOT, "%.2f",
                        r.path("ci_high").asDouble()) : "unbounded", r.path("p_value").asDouble()) : "no traffic to compare";
        return Html.f("<div class=\"verdict\">{}<p><span class=\"badge {}\">{}</span> {} ({})</p>{}<p class=\"muted\">{}</p></div>",
                title, r.path("verdict").asText(), r.path("verdict").asText(), ratio, method,
                Charts.beforeAfter("Rate per response, " + before.path("from").asText().substring(0, 10) + " .. "
                        + after.path("to").asText().substring(0, 10), bars), r.path("reason").asText());
    }

    private static Charts.Bar bar(String label, JsonNode window) {
        long occurrences = window.path("occurrences").asLong();
        long responses = window.path("responses").asLong();
        double[] ci = Charts.wilson(occurrences, responses);
        return new Charts.Bar(label, occurrences, responses, responses == 0 ? 0 : (double) occurrences / responses,
                ci[0], ci[1]);
    }

    private static Html examples(Model m, String csrf) {
        if (m.examples().isEmpty()) {
            return Html.f("<section class=\"card\"><h2>Examples</h2><p class=\"muted\">No negatives are assigned to this"
                    + " pattern.</p></section>");
        }
        boolean splittable = !m.pattern().status().closed() && m.memberTotal() > 1;
        Html list = Html.each(m.examples(), e -> Html.f("<div class=\"example\">{}<b>{}</b> <span class=\"muted\">{} · {}</span>"
                + "<div>input:</div><pre>{}</pre><div>output:</div><pre>{}</pre><div>what the user did: {}</div>{}</div>",
                splittable ? Html.f("<label><input type=\"checkbox\" name=\"request_id\" value=\"{}\"> split off </label>",
                        e.requestId()) : Html.EMPTY,
                e.requestId(), e.at(), e.promptVersion(), e.input(), e.output(), e.reaction(),
                e.edited() == null ? Html.EMPTY : Html.f("<div>the user's edit:</div><pre class=\"diff\">{}</pre>",
                        WordDiff.html(e.output(), e.edited()))));
        if (!splittable) {
            return Html.f("<section class=\"card\"><h2>Examples (latest {}, redacted)</h2>{}</section>",
                    m.examples().size(), list);
        }
        return Html.f("<section class=\"card\"><h2>Examples (latest {}, redacted)</h2>"
                + "<form method=\"post\" action=\"/patterns/{}/split\" id=\"split\">{}{}"
                + "<div class=\"action\"><label>name of the new pattern <input name=\"name\" required maxlength=\"120\"></label>"
                + "<button type=\"submit\">Split the chosen examples off into a new pattern</button></div></form></section>",
                m.examples().size(), m.pattern().patternId(), Layout.csrf(csrf), list);
    }

    /** A ticket as a link when the tracker gave it a URL. */
    static Html ticket(Optional<TicketRecord> ticket) {
        if (ticket.isEmpty()) {
            return Html.text("-");
        }
        TicketRecord t = ticket.get();
        String label = t.tracker() + ":" + (t.key() == null ? "pending" : t.key()) + " (" + t.state() + ")";
        if (t.url() != null && (t.url().startsWith("https://") || t.url().startsWith("http://"))) {
            return Html.f("<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", t.url(), label);
        }
        return Html.text(label);
    }

    private static Html evidence(String evidenceJson) {
        Map<String, Object> ev = evidenceJson == null ? Map.of() : JsonText.read(evidenceJson);
        if (ev.isEmpty()) {
            return Html.f("<p class=\"muted\">No evidence recorded yet.</p>");
        }
        return Html.f("<dl class=\"evidence\">{}</dl>", Html.each(ev.entrySet(), e -> Html.f("<dt>{}</dt><dd>{}</dd>",
                e.getKey().replace('_', ' '), describe(e.getValue()))));
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(String.valueOf(k).replace('_', ' ') + ": " + describe(v)));
            return String.join("; ", parts);
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(PatternPage::describe).toList());
        }
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(value);
    }

    static String day(java.time.Instant at) {
        return at == null ? "-" : at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    static List<String> causes() {
        return java.util.Arrays.stream(Cause.values()).map(Cause::wire).toList();
    }
}
