package dev.feedloop.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.Feedloop;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.eval.DemoLoop;
import dev.feedloop.eval.Evaluation;
import dev.feedloop.store.ApiKeyRecord.Scope;
import dev.feedloop.store.Cause;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.Triage;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.web.ApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium on the demo world's data: sign-in (an ingest key is
 * refused), every page, every review action with its effect on the page, in the history and in the
 * next triage run, a POST without the CSRF token refused, a {@code <script>} typed into a form shown
 * as text, sign-out; screenshots of each page in target/dashboard-screenshots (and, with
 * FEEDLOOP_UPDATE_SCREENSHOTS=1, the README's two in docs/).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Path SHOTS = Path.of("target", "dashboard-screenshots");
    private static final String SCRIPT_NAME = "Fare holds <script>document.title='owned'</script> & more";

    Feedloop feedloop;
    ApiServer server;
    Browser browser;
    String base;
    String adminKey;
    String ingestKey;
    String project;
    DemoLoop.Outcome outcome;
    List<String> found;
    /** The world's last week: the overview's "this week" and the report's default. */
    Week last;

    @BeforeAll
    void demoWorldAndServerAndBrowser(@TempDir Path dir) throws Exception {
        browser = Browser.start(1400, 1000);
        WorldSpec spec = WorldSpec.defaults().withDays(28).withPerDay(400);
        Instant end = spec.start().plusDays(spec.days()).atStartOfDay().toInstant(ZoneOffset.UTC);
        feedloop = Feedloop.open(dir.resolve("demo.db").toString(), Clock.fixed(end.plus(Duration.ofDays(2)),
                ZoneOffset.UTC), SqliteStore.Durability.NORMAL, "");
        outcome = new DemoLoop(new PrintWriter(new StringWriter())).run(feedloop, spec, dir, Triage.Listener.NONE);
        project = spec.project();
        last = Week.of(end.minus(Duration.ofDays(1)));
        found = outcome.score().matches().stream().filter(Evaluation.Match::found).map(Evaluation.Match::foundId)
                .distinct().toList();
        assertThat(found).as("the demo world's planted patterns are found").hasSizeGreaterThanOrEqualTo(4);
        adminKey = feedloop.keys().create(project, Scope.ADMIN);
        ingestKey = feedloop.keys().create(project, Scope.INGEST);
        server = feedloop.apiServer(1 << 20).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void close() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (feedloop != null) {
            feedloop.close();
        }
    }

    @Test
    @Order(1)
    void signIn_ingestKeyIsRefused_adminKeyGetsAStrictHttpOnlySession() throws Exception {
        open("/");
        assertThat(browser.driver.getCurrentUrl()).contains("/sign-in");
        shot("sign-in");
        signIn(ingestKey);
        assertThat(text()).contains("can only send data");
        assertThat(browser.driver.manage().getCookieNamed(Dashboard.COOKIE)).isNull();
        signIn("fl_000000000000_" + "0".repeat(64));
        assertThat(text()).contains("unknown or revoked");

        signIn(adminKey);
        Cookie session = browser.driver.manage().getCookieNamed(Dashboard.COOKIE);
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(session.getValue()).doesNotContain(adminKey.substring(16));
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(base + "/");
    }

    @Test
    @Order(2)
    void overview_showsTrafficByVersion_thePlantedPatterns_escalations_andFixes() throws Exception {
        open("/");
        String page = text();
        assertThat(page).contains("Overview · week " + last.label(), "Responses per day, by prompt version",
                "Negative rate per day", "Top patterns this week", "Open escalations", "Fixes awaiting a verdict");
        assertThat(browser.driver.findElements(By.cssSelector("figure.chart svg"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(browser.driver.findElements(By.cssSelector("line.marker"))).as("fix deployments marked").isNotEmpty();
        // every planted pattern still occurring in the last week is among the top patterns, linked
        Insights insights = new Insights(feedloop.store(), feedloop.clock());
        Insights.Snapshot s = insights.snapshot(project, last, 8);
        for (String id : found) {
            if (s.occurrences(id, 7) > 0 && !feedloop.store().pattern(project, id).orElseThrow().status().closed()) {
                assertThat(browser.driver.findElements(By.cssSelector("a[href='/patterns/" + id + "']")))
                        .as("overview links " + id).isNotEmpty();
            }
        }
        // the model limitation the world plants is on the escalation list
        assertThat(feedloop.store().patterns(project).stream().filter(p -> p.effectiveCause() == Cause.MODEL_LIMITATION)
                .map(PatternRecord::patternId).toList()).allSatisfy(id -> assertThat(page).contains(id));
        shot("overview");
        copyToDocs("overview", "dashboard-overview.png");
    }

    @Test
    @Order(3)
    void patterns_sortAndFilter() throws Exception {
        open("/patterns");
        List<Long> counts = column("#patterns tbody tr td:nth-child(5)");
        assertThat(counts).as("sorted by this week's count, highest first").isSortedAccordingTo((a, b) -> Long.compare(b, a));
        clickAndWait(By.linkText("id"));
        List<String> ids = browser.driver.findElements(By.cssSelector("#patterns tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertThat(ids.stream().map(i -> Integer.parseInt(i.substring(2))).toList())
                .isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        new Select(browser.driver.findElement(By.name("cause"))).selectByValue("retrieval");
        clickAndWait(By.cssSelector("form.filters button"));
        List<String> causes = browser.driver.findElements(By.cssSelector("#patterns tbody tr td:nth-child(4)")).stream()
                .map(WebElement::getText).toList();
        assertThat(causes).isNotEmpty().allSatisfy(c -> assertThat(c).startsWith("retrieval"));
        open("/patterns");
        shot("patterns");
    }

    @Test
    @Order(4)
    void patternPage_showsEvidence_suggestedFix_examples_verdictWithIntervals_andDownloads() throws Exception {
        String withFix = outcome.verdicts().get(0).patternId();
        open("/patterns/" + withFix);
        String page = text();
        assertThat(page).contains("Cause:", "Suggested fix", "Occurrences per week", "Rate per response per week",
                "Fixes and verdicts", "95 % interval", "History", "Regression set", "Examples");
        assertThat(browser.driver.findElement(By.id("suggested-fix")).getText()).isNotBlank();
        assertThat(browser.driver.findElements(By.cssSelector(".verdict svg"))).isNotEmpty();
        assertThat(browser.driver.findElements(By.cssSelector(".example"))).isNotEmpty();
        HttpResponse<String> set = get("/patterns/" + withFix + "/regression-set?format=jsonl", cookie());
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body().lines().count()).isPositive();
        assertThat(get("/patterns/" + withFix + "/regression-set?format=jsonl", null).statusCode())
                .as("no session, no download").isEqualTo(303);
        browser.fullPage(SHOTS.resolve("pattern.png"), 1400);
        copyToDocs("pattern", "dashboard-pattern.png");
        browser.driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    @Test
    @Order(5)
    void reviewActions_showOnThePage_inTheHistory_andHoldInTheNextTriageRun() throws Exception {
        List<String> active = feedloop.store().patterns(project).stream().filter(p -> !p.status().closed())
                .sorted((a, b) -> Long.compare(b.memberCount(), a.memberCount())).map(PatternRecord::patternId).toList();
        String a = active.get(0);
        String b = active.get(1);
        String c = active.get(2);
        String who = "key " + adminKey.split("_")[1];

        open("/patterns/" + a);
        WebElement name = browser.driver.findElement(By.cssSelector("form[action$='/rename'] input[name=name]"));
        name.clear();
        name.sendKeys(SCRIPT_NAME);
        submit("/rename");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).contains(SCRIPT_NAME);
        assertThat(browser.driver.getTitle()).as("the script did not run").startsWith(a + " Fare holds <script>");
        assertThat(browser.driver.findElements(By.tagName("script"))).as("user text is never markup").isEmpty();

        WebElement description = browser.driver.findElement(By.cssSelector("textarea[name=description]"));
        description.clear();
        description.sendKeys("Users ask to hold a fare; the assistant invents a price lock.");
        submit("/describe");
        assertThat(text()).contains("invents a price lock", "(written by a reviewer)");

        new Select(browser.driver.findElement(By.cssSelector("select[name=cause]"))).selectByValue("prompt");
        submit("/cause");
        assertThat(text()).contains("Cause: prompt (set by a reviewer");

        browser.driver.findElement(By.name("deployed_at")).sendKeys(last.monday().plusDays(2).toString());
        browser.driver.findElement(By.name("prompt_version")).sendKeys("support-v9");
        submit("/fixes");
        assertThat(text()).contains("Recorded fix F-");

        List<WebElement> boxes = browser.driver.findElements(By.cssSelector("input[name=request_id]"));
        List<String> splitIds = new ArrayList<>();
        for (WebElement box : boxes.subList(0, 3)) {
            splitIds.add(box.getAttribute("value"));
            box.click();
        }
        browser.driver.findElement(By.cssSelector("#split input[name=name]")).sendKeys("Split by a reviewer");
        clickAndWait(By.cssSelector("#split button"));
        String splitId = browser.driver.getCurrentUrl().replaceAll(".*/patterns/([^?]+).*", "$1");
        assertThat(splitId).isNotEqualTo(a);
        assertThat(text()).contains("Split by a reviewer", "split_from", "by " + who);

        open("/patterns/" + b);
        new Select(browser.driver.findElement(By.cssSelector("select[name=into]"))).selectByValue(a);
        submit("/merge");
        assertThat(browser.driver.getCurrentUrl()).contains("/patterns/" + a);
        assertThat(text()).contains("absorbed " + b);

        open("/patterns/" + c);
        submit("/dismiss");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).contains("dismissed");

        open("/patterns");
        browser.driver.findElement(By.cssSelector("form[action='/patterns/define'] input[name=name]"))
                .sendKeys("Seat upgrades by miles");
        browser.driver.findElement(By.cssSelector("form[action='/patterns/define'] textarea"))
                .sendKeys("can I upgrade my seat with miles\nupgrade to business using points");
        submit("/patterns/define");
        String defined = browser.driver.getCurrentUrl().replaceAll(".*/patterns/([^?]+).*", "$1");
        assertThat(text()).contains("Seat upgrades by miles", "defined");

        open("/patterns/" + a);
        String history = browser.driver.findElement(By.id("history")).getText();
        assertThat(history).contains("renamed", "described", "cause_overridden", "fix_recorded", "split", "absorbed")
                .contains("by " + who);

        // the next triage run over the last week respects every correction
        feedloop.triage(TriageConfig.DEFAULT).run(project, last.from(), last.to(), Triage.Listener.NONE);
        PatternRecord pa = feedloop.store().pattern(project, a).orElseThrow();
        assertThat(pa.name()).isEqualTo(SCRIPT_NAME);
        assertThat(pa.description()).contains("invents a price lock");
        assertThat(pa.effectiveCause()).isEqualTo(Cause.PROMPT);
        assertThat(feedloop.store().pattern(project, b).orElseThrow().status()).isEqualTo(PatternStatus.MERGED);
        assertThat(feedloop.store().pattern(project, c).orElseThrow().status()).isEqualTo(PatternStatus.DISMISSED);
        assertThat(feedloop.store().pattern(project, defined).orElseThrow().name()).isEqualTo("Seat upgrades by miles");
        List<String> splitMembers = feedloop.store().members(project, splitId, last.from(), last.to());
        assertThat(splitMembers).as("split-off examples stay in their new pattern").containsAll(
                splitIds.stream().filter(id -> !feedloop.store().members(project, splitId, Instant.EPOCH, last.from())
                        .contains(id)).toList());
        open("/patterns/" + a);
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).contains(SCRIPT_NAME);
        assertThat(text()).contains("invents a price lock");
    }

    @Test
    @Order(6)
    void postWithoutCsrfToken_isRefused_andChangesNothing() throws Exception {
        String id = feedloop.store().patterns(project).stream().filter(p -> !p.status().closed()).findFirst()
                .orElseThrow().patternId();
        String before = feedloop.store().pattern(project, id).orElseThrow().name();
        HttpResponse<String> noToken = post("/patterns/" + id + "/rename", "name=hijacked", cookie());
        HttpResponse<String> wrongToken = post("/patterns/" + id + "/rename", "name=hijacked&csrf=" + "ab".repeat(32),
                cookie());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(feedloop.store().pattern(project, id).orElseThrow().name()).isEqualTo(before);
        assertThat(post("/patterns/" + id + "/dismiss", "", null).statusCode()).as("no session").isEqualTo(403);
    }

    @Test
    @Order(7)
    void report_andPhoneWidth() throws Exception {
        open("/report");
        assertThat(text()).contains("Weekly report", last.label(), "Fix verdicts", "after/before (95 % interval)",
                "Escalations");
        shot("report");
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        for (String path : List.of("/", "/patterns", "/report")) {
            open(path);
            long overflow = (Long) browser.driver.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as(path + " fits a phone's width").isLessThanOrEqualTo(0);
        }
        open("/");
        shot("overview-phone");
        browser.driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    @Test
    @Order(8)
    void signOut_endsTheSession() throws Exception {
        open("/");
        String old = cookie();
        clickAndWait(By.cssSelector("form[action='/sign-out'] button"));
        assertThat(browser.driver.getCurrentUrl()).contains("/sign-in");
        open("/patterns");
        assertThat(browser.driver.getCurrentUrl()).contains("/sign-in");
        assertThat(get("/", old).statusCode()).as("the old cookie opens nothing").isEqualTo(303);
    }

    private void signIn(String key) {
        WebElement field = browser.driver.findElement(By.name("key"));
        field.clear();
        field.sendKeys(key);
        clickAndWait(By.cssSelector("form[action='/sign-in'] button"));
    }

    private void submit(String actionSuffix) {
        clickAndWait(By.cssSelector("form[action$='" + actionSuffix + "'] button"));
        assertThat(browser.driver.findElements(By.cssSelector(".flash.error"))).as(text()).isEmpty();
    }

    /** Clicks something that loads another page and waits until the old page is gone. */
    private void clickAndWait(By what) {
        browser.driver.executeScript("window.feedloopOldPage = true;");
        browser.driver.findElement(what).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(browser.driver
                .executeScript("return window.feedloopOldPage === undefined && document.readyState === 'complete';")));
    }

    private void open(String path) {
        browser.driver.get(base + path);
    }

    private String text() {
        return browser.driver.findElement(By.tagName("body")).getText();
    }

    private List<Long> column(String css) {
        return browser.driver.findElements(By.cssSelector(css)).stream().map(e -> Long.parseLong(e.getText())).toList();
    }

    private String cookie() {
        Cookie c = browser.driver.manage().getCookieNamed(Dashboard.COOKIE);
        return c == null ? null : Dashboard.COOKIE + "=" + c.getValue();
    }

    private void shot(String name) throws Exception {
        browser.screenshot(SHOTS.resolve(name + ".png"));
    }

    private static void copyToDocs(String name, String docsName) throws Exception {
        if ("1".equals(System.getenv("FEEDLOOP_UPDATE_SCREENSHOTS"))) {
            Path docs = Path.of("..", "docs");
            Files.copy(SHOTS.resolve(name + ".png"), docs.resolve(docsName), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, String cookie) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
