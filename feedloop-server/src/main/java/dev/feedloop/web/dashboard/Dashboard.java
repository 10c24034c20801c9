package dev.feedloop.web.dashboard;

import dev.feedloop.routing.RegressionSet;
import dev.feedloop.routing.Routing;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.Store;
import dev.feedloop.store.UnknownPatternException;
import dev.feedloop.triage.PatternEditor;
import dev.feedloop.triage.redact.Redactor;
import dev.feedloop.verify.Verifier;
import dev.feedloop.web.ApiKeys;
import dev.feedloop.web.ApiServer;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard at {@code /}: sign-in with an admin key, server-side sessions, the overview,
 * the pattern table and pages, the review actions and the weekly report. Pages are HTML built on
 * the server ({@link Html} escapes every piece of text), with no script at all; forms carry a
 * per-session CSRF token, and the session cookie is HttpOnly, SameSite=Strict, and Secure when
 * the server is reached over TLS (or FEEDLOOP_PUBLIC_URL is https).
 *
 * <p>Wired in {@code Feedloop.apiServer}: {@code server.extend(dashboard::register)}.
 */
public final class Dashboard {
    static final String COOKIE = "feedloop_session";
    static final String SIGN_IN_COOKIE = "feedloop_signin";
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    /** No script, no frames, nothing from elsewhere: what a page may load. */
    private static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Store store;
    private final Function<String, PatternEditor> editors;
    private final Verifier verifier;
    private final Routing routing;
    private final Clock clock;
    private final boolean secureCookie;
    private final Sessions sessions;
    private final Insights insights;
    private final WeeklyReport reports;
    private final byte[] css = resource("/dashboard/dashboard.css");
    private ApiKeys keys;

    /**
     * @param editors the review actions for an author (a key's id)
     * @param routing re-routes tickets in the background after a review changed a pattern; null for none
     * @param publicUrl FEEDLOOP_PUBLIC_URL: when it is https, cookies are Secure even behind a TLS proxy
     */
    public Dashboard(Store store, Function<String, PatternEditor> editors, Verifier verifier, Routing routing,
            Clock clock, String publicUrl) {
        this.store = store;
        this.editors = editors;
        this.verifier = verifier;
        this.routing = routing;
        this.clock = clock;
        this.secureCookie = publicUrl != null && publicUrl.startsWith("https://");
        this.sessions = new Sessions(clock);
        this.insights = new Insights(store, clock);
        this.reports = new WeeklyReport(store, insights);
    }

    public void register(ApiServer.Routes routes) {
        this.keys = routes.keys();
        routes.publicGet("/assets/dashboard.css", "/assets/dashboard.css", ctx -> ctx.contentType("text/css; charset=utf-8")
                .header("Cache-Control", "max-age=3600").result(css));
        routes.publicGet("/sign-in", "/sign-in", this::signInForm);
        routes.publicPost("/sign-in", "/sign-in", this::signIn);
        routes.publicPost("/sign-out", "/sign-out", ctx -> action(ctx, s -> {
            sessions.end(ctx.cookie(COOKIE));
            ctx.header("Set-Cookie", cookie(ctx, COOKIE, "", 0));
            ctx.redirect("/sign-in", HttpStatus.SEE_OTHER);
        }));
        routes.publicGet("/", "/", ctx -> page(ctx, s -> overview(ctx, s)));
        routes.publicGet("/patterns", "/patterns", ctx -> page(ctx, s -> patterns(ctx, s)));
        routes.publicGet("/patterns/{id}", "/patterns/{id}", ctx -> page(ctx, s -> pattern(ctx, s)));
        routes.publicGet("/patterns/{id}/regression-set", "/patterns/{id}/regression-set",
                ctx -> page(ctx, s -> regressionSet(ctx, s)));
        routes.publicGet("/report", "/report", ctx -> page(ctx, s -> report(ctx, s)));
        ReviewActions actions = new ReviewActions(editors, verifier, store);
        for (String action : ReviewActions.NAMES) {
            routes.publicPost("/patterns/{id}/" + action, "/patterns/{id}/" + action,
                    ctx -> action(ctx, s -> review(ctx, s, actions, action)));
        }
        routes.publicPost("/patterns/define", "/patterns/define", ctx -> action(ctx, s -> review(ctx, s, actions, "define")));
    }

    /** Handles a page: a signed-in session or a redirect to the sign-in form. */
    private void page(Context ctx, Handler handler) {
        secureHeaders(ctx);
        Optional<Sessions.Session> session = session(ctx);
        if (session.isEmpty()) {
            ctx.redirect("/sign-in?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        guard(ctx, session.get(), handler);
    }

    /** Handles a state change: a signed-in session and its CSRF token, or 403. */
    private void action(Context ctx, Handler handler) {
        secureHeaders(ctx);
        Optional<Sessions.Session> session = session(ctx);
        if (session.isEmpty()) {
            error(ctx, 403, "You are not signed in (or your session ended). Sign in again, then repeat what you did.");
            return;
        }
        if (!Sessions.csrfMatches(session.get(), ctx.formParam("csrf"))) {
            LOG.warn("refused {} {}: missing or wrong CSRF token", ctx.method(), ctx.path());
            error(ctx, 403, "Refused: this form did not come from your dashboard session (missing or wrong CSRF token)."
                    + " Reload the page and try again.");
            return;
        }
        guard(ctx, session.get(), handler);
    }

    private void guard(Context ctx, Sessions.Session session, Handler handler) {
        try {
            handler.handle(session);
        } catch (UnknownPatternException e) {
            error(ctx, 404, e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(ctx, 400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("dashboard failure on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "Something went wrong on the server; it has been logged. Try again, or use the command line.");
        }
    }

    private interface Handler {
        void handle(Sessions.Session session);
    }

    private Optional<Sessions.Session> session(Context ctx) {
        String token = ctx.cookie(COOKIE);
        Optional<Sessions.Session> s = sessions.find(token);
        if (s.isPresent() && !keys.stillValid(s.get().principal())) {
            sessions.end(token); // the key was revoked: its sessions end with it
            return Optional.empty();
        }
        return s;
    }

    private void signInForm(Context ctx) {
        secureHeaders(ctx);
        if (session(ctx).isPresent()) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        renderSignIn(ctx, 200, null);
    }

    private void renderSignIn(Context ctx, int status, String error) {
        // before a session there is no session token to tie the form to: a cookie and a field that must match
        String token = Sessions.randomToken();
        ctx.header("Set-Cookie", cookie(ctx, SIGN_IN_COOKIE, token, 600));
        String next = safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next"));
        ctx.status(status).html(Layout.bare("Sign in", Html.f("<section class=\"card signin\"><h1>Sign in</h1>{}"
                + "<p>Paste an <b>admin</b> API key (create one with <code>feedloop keys create --project P --scope"
                + " admin</code>). Ingest-only keys cannot sign in.</p>"
                + "<form method=\"post\" action=\"/sign-in\" class=\"action\">{}<input type=\"hidden\" name=\"next\" value=\"{}\">"
                + "<label>API key <input type=\"password\" name=\"key\" autocomplete=\"off\" required></label>"
                + "<button type=\"submit\">Sign in</button></form></section>",
                Layout.flash(null, error), Layout.csrf(token), next)).toString());
    }

    private void signIn(Context ctx) {
        secureHeaders(ctx);
        String expected = ctx.cookie(SIGN_IN_COOKIE);
        String presented = ctx.formParam("csrf");
        if (expected == null || presented == null || !java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            renderSignIn(ctx, 403, "The sign-in form expired or did not come from this server; try again.");
            return;
        }
        Optional<ApiKeys.Principal> principal = keys.authenticate(ctx.formParam("key") == null ? ""
                : ctx.formParam("key").strip());
        if (principal.isEmpty()) {
            renderSignIn(ctx, 401, "That key is unknown or revoked.");
            return;
        }
        if (principal.get().scope() != ApiKeyRecord.Scope.ADMIN) {
            renderSignIn(ctx, 403, "That key can only send data (scope ingest); sign in with an admin key.");
            return;
        }
        String token = sessions.start(principal.get());
        LOG.info("dashboard sign-in by {} for project {}", principal.get().actor(), principal.get().project());
        ctx.header("Set-Cookie", cookie(ctx, COOKIE, token, Sessions.LIFETIME.toSeconds()));
        ctx.redirect(safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    }

    private void overview(Context ctx, Sessions.Session s) {
        String project = s.principal().project();
        Optional<Week> week = insights.latestWeek(project);
        if (week.isEmpty()) {
            html(ctx, s, "Overview", "/", Html.f("<h1>Overview</h1><p>No responses in project {} yet. Send some"
                    + " (POST /v1/responses, feedloop import), then run triage.</p>", project));
            return;
        }
        Insights.Snapshot snap = insights.snapshot(project, week.get(), OverviewPage.WEEKS);
        var patterns = store.patterns(project);
        html(ctx, s, "Overview", "/", OverviewPage.render(snap, insights.rows(snap, patterns),
                patterns.stream().filter(p -> p.effectiveCause() == dev.feedloop.store.Cause.MODEL_LIMITATION
                        && !p.status().closed() && p.status() != dev.feedloop.store.PatternStatus.RESOLVED).toList(),
                store.fixes(project, null)));
    }

    private void patterns(Context ctx, Sessions.Session s) {
        String project = s.principal().project();
        Week week = insights.latestWeek(project).orElse(Week.of(clock.instant()));
        Insights.Snapshot snap = insights.snapshot(project, week, OverviewPage.WEEKS);
        html(ctx, s, "Patterns", "/patterns", PatternsPage.render(snap, insights.rows(snap, store.patterns(project)),
                PatternsPage.Query.of(ctx::queryParam), s.csrf(), Layout.flash(ctx.queryParam("done"),
                        ctx.queryParam("error"))));
    }

    private void pattern(Context ctx, Sessions.Session s) {
        String project = s.principal().project();
        String id = ctx.pathParam("id");
        PatternRecord p = store.pattern(project, id).orElseThrow(() -> new UnknownPatternException(project, id));
        Week week = insights.latestWeek(project).orElse(Week.of(clock.instant()));
        PatternPage.Model model = PatternModel.build(store, Redactor.standard(), p,
                insights.snapshot(project, week, 12));
        html(ctx, s, id + " " + p.name(), "/patterns", PatternPage.render(model, s.csrf(),
                Layout.flash(ctx.queryParam("done"), ctx.queryParam("error"))));
    }

    private void regressionSet(Context ctx, Sessions.Session s) {
        String project = s.principal().project();
        String id = ctx.pathParam("id");
        store.pattern(project, id).orElseThrow(() -> new UnknownPatternException(project, id));
        RegressionSet.Format format = RegressionSet.Format.of(ctx.queryParam("format") == null ? "jsonl"
                : ctx.queryParam("format"));
        RegressionSet set = new RegressionSet(store, store, Redactor.standard());
        String ext = switch (format) {
            case JSONL -> "jsonl";
            case CSV -> "csv";
            case PROMPTFOO -> "json";
        };
        ctx.header("Content-Disposition", "attachment; filename=\"" + project + "-" + id + "-regression." + ext + "\"")
                .contentType(ext.equals("csv") ? "text/csv; charset=utf-8" : "application/octet-stream")
                .result(set.write(set.cases(project, id), format));
    }

    private void report(Context ctx, Sessions.Session s) {
        String project = s.principal().project();
        String weekParam = ctx.queryParam("week");
        Optional<Week> week = weekParam == null || weekParam.isBlank() ? insights.lastCompleteWeek(project)
                : Optional.of(Week.parse(weekParam));
        if (week.isEmpty()) {
            html(ctx, s, "Weekly report", "/report", Html.f("<h1>Weekly report</h1><p>No data in project {} yet.</p>",
                    project));
            return;
        }
        WeeklyReport.Report r = reports.build(project, week.get());
        if ("md".equals(ctx.queryParam("format"))) {
            ctx.contentType("text/markdown; charset=utf-8").header("Content-Disposition", "attachment; filename=\""
                    + project + "-" + week.get().label() + ".md\"").result(WeeklyReport.markdown(r));
            return;
        }
        html(ctx, s, "Weekly report " + week.get().label(), "/report", Html.f("<p class=\"muted\"><a href=\"/report?week={}&amp;format=md\">"
                + "Download as Markdown</a> · <a href=\"/report?week={}\">previous week</a> · same as"
                + " <code>feedloop report --week {}</code></p>{}", week.get().label(), week.get().previous().label(),
                week.get().label(), WeeklyReport.html(r)));
    }

    private void review(Context ctx, Sessions.Session s, ReviewActions actions, String action) {
        String project = s.principal().project();
        String id = action.equals("define") ? null : ctx.pathParam("id");
        String back = id == null ? "/patterns" : "/patterns/" + id;
        String done;
        try {
            ReviewActions.Outcome outcome = actions.apply(action, project, id, s.principal().actor(), ctx::formParam,
                    ctx.formParams("request_id"));
            done = outcome.message();
            back = "/patterns/" + outcome.showPattern();
        } catch (IllegalArgumentException | IllegalStateException e) {
            ctx.redirect(back + "?error=" + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        if (routing != null) {
            routing.routeSoon(project, null); // a rename re-titles, a cause re-labels, a dismissal closes the ticket
        }
        ctx.redirect(back + "?done=" + URLEncoder.encode(done, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    private void html(Context ctx, Sessions.Session s, String title, String active, Html body) {
        ctx.html(Layout.page(title, s.principal().project(), s.principal().actor(), s.csrf(), active, body).toString());
    }

    private void error(Context ctx, int status, String message) {
        ctx.status(status).html(Layout.bare("Error", Html.f("<section class=\"card\"><h1>{}</h1><p>{}</p>"
                + "<p><a href=\"/\">Back to the overview</a> · <a href=\"/sign-in\">Sign in</a></p></section>",
                status == 404 ? "Not found" : status == 403 ? "Refused" : status == 400 ? "Not done" : "Server error",
                message)).toString());
    }

    private static void secureHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY).header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store");
    }

    private String cookie(Context ctx, String name, String value, long maxAgeSeconds) {
        boolean secure = secureCookie || "https".equalsIgnoreCase(ctx.scheme());
        return name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** A path on this server to go to after sign-in; anything else (another site) becomes "/". */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.startsWith("/sign-")) {
            return "/";
        }
        return next;
    }

    /** Live sessions (tests). */
    int sessionCount() {
        return sessions.size();
    }

    private static byte[] resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
