package dev.feedloop.web.dashboard;

import dev.feedloop.store.PatternRecord;

/** The review actions of a pattern page, each a form carrying the session's CSRF token. */
final class ReviewForms {
    private ReviewForms() {
    }

    static Html render(PatternPage.Model m, String csrf) {
        PatternRecord p = m.pattern();
        String id = p.patternId();
        if (p.status().closed()) {
            return Html.f("<section class=\"card\" id=\"review\"><h2>Review</h2><p class=\"muted\">{} is {}: nothing to"
                    + " correct here{}.</p></section>", id, p.status().wire(),
                    p.mergedInto() == null ? "" : "; its negatives are reported in " + p.mergedInto());
        }
        Html token = Layout.csrf(csrf);
        Html rename = Html.f("<form method=\"post\" action=\"/patterns/{}/rename\" class=\"action\">{}"
                + "<label>name <input name=\"name\" value=\"{}\" required maxlength=\"120\" size=\"40\"></label>"
                + "<button type=\"submit\">Rename</button></form>", id, token, p.name());
        Html describe = Html.f("<form method=\"post\" action=\"/patterns/{}/describe\" class=\"action\">{}"
                + "<label>description <textarea name=\"description\" rows=\"3\" required maxlength=\"2000\">{}</textarea></label>"
                + "<button type=\"submit\">Save description</button></form>", id, token, p.description());
        Html cause = Html.f("<form method=\"post\" action=\"/patterns/{}/cause\" class=\"action\">{}"
                + "<label>cause <select name=\"cause\">{}</select></label><button type=\"submit\">Override cause</button></form>",
                id, token, Html.each(PatternPage.causes(), c -> Html.f("<option value=\"{}\"{}>{}</option>", c,
                        Html.trusted(c.equals(p.effectiveCause().wire()) ? " selected" : ""), c)));
        Html merge = m.mergeTargets().isEmpty() ? Html.EMPTY
                : Html.f("<form method=\"post\" action=\"/patterns/{}/merge\" class=\"action\">{}"
                        + "<label>merge {} into <select name=\"into\">{}</select></label>"
                        + "<button type=\"submit\">Merge</button></form>", id, token, id,
                        Html.each(m.mergeTargets(), t -> Html.f("<option value=\"{}\">{} {}</option>", t.patternId(),
                                t.patternId(), t.name())));
        Html fix = Html.f("<form method=\"post\" action=\"/patterns/{}/fixes\" class=\"action\">{}"
                + "<label>deployed at <input name=\"deployed_at\" required placeholder=\"2026-11-12 or 2026-11-12T09:30:00Z\"></label>"
                + "<label>prompt version <input name=\"prompt_version\" maxlength=\"200\"></label>"
                + "<label>note <input name=\"note\" maxlength=\"2000\"></label>"
                + "<button type=\"submit\">Record fix</button></form>", id, token);
        Html dismiss = Html.f("<form method=\"post\" action=\"/patterns/{}/dismiss\" class=\"action\">{}"
                + "<button type=\"submit\" class=\"danger\">Dismiss: not a real failure</button></form>", id, token);
        return Html.f("<section class=\"card\" id=\"review\"><h2>Review</h2><p class=\"muted\">Each correction is kept by"
                + " later triage runs and recorded in the history with your key.</p>{}{}{}{}{}{}</section>",
                rename, describe, cause, merge, fix, dismiss);
    }
}
