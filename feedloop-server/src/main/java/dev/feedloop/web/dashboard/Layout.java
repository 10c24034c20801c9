package dev.feedloop.web.dashboard;

/** The frame every dashboard page shares: head, navigation, the signed-in project, sign-out. */
final class Layout {
    private Layout() {
    }

    /** A page for a signed-in reviewer; {@code csrf} goes into the sign-out form. */
    static Html page(String title, String project, String actor, String csrf, String active, Html body) {
        Html nav = Html.f("<nav><a class=\"brand\" href=\"/\">Feedloop</a>{}{}{}"
                + "<span class=\"who\">project <b>{}</b> · {}</span>"
                + "<form method=\"post\" action=\"/sign-out\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
                + "<button type=\"submit\">Sign out</button></form></nav>",
                link("/", "Overview", active), link("/patterns", "Patterns", active), link("/report", "Weekly report", active),
                project, actor, csrf);
        return document(title, Html.f("{}<main>{}</main>", nav, body));
    }

    /** A page for someone not signed in (the sign-in form, an error). */
    static Html bare(String title, Html body) {
        return document(title, Html.f("<nav><a class=\"brand\" href=\"/\">Feedloop</a></nav><main>{}</main>", body));
    }

    private static Html link(String href, String text, String active) {
        return Html.f("<a href=\"{}\"{}>{}</a>", href, Html.trusted(href.equals(active) ? " class=\"active\"" : ""),
                text);
    }

    private static Html document(String title, Html body) {
        return Html.f("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>{} · Feedloop</title><link rel=\"stylesheet\" href=\"/assets/dashboard.css\"></head>"
                + "<body>{}</body></html>", title, body);
    }

    /** A hidden CSRF field for a form. */
    static Html csrf(String token) {
        return Html.f("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", token);
    }

    /** A message at the top of a page: what an action did, or why it was refused. */
    static Html flash(String done, String error) {
        if (error != null && !error.isBlank()) {
            return Html.f("<p class=\"flash error\" role=\"alert\">{}</p>", error);
        }
        if (done != null && !done.isBlank()) {
            return Html.f("<p class=\"flash done\" role=\"status\">{}</p>", done);
        }
        return Html.EMPTY;
    }
}
