package dev.feedloop.bench.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.Feedloop;
import dev.feedloop.capture.RecordKind;
import dev.feedloop.store.ApiKeyRecord.Scope;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.Cause;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.TriageRunRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.web.ApiServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server time per dashboard page with a big store: {@code responses} responses over 8 weeks in 4
 * prompt versions, {@code negatives} of them negative (regenerated feedback) and assigned by a
 * stored triage run to 60 patterns, 20 fixes with verdicts. Each page is requested over loopback
 * with a signed-in session, warmed up, then timed; the time is the client's wall time per request
 * (server time plus loopback), so it bounds the server's time from above.
 *
 * <pre>
 * java -cp bench/target/feedloop-bench.jar:bench/target/lib/* dev.feedloop.bench.dashboard.DashboardBench \
 *     WORK-DIR [responses=1000000] [negatives=50000] [timed=50]
 * </pre>
 */
public final class DashboardBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "bench";
    private static final int PATTERNS = 60;
    private static final Instant START = Instant.parse("2026-09-07T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(56);

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "dashboard-bench"));
        int responses = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int negatives = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int timed = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        Path db = work.resolve("dashboard-bench.db");
        Clock clock = Clock.fixed(START.plus(SPAN).plus(Duration.ofDays(2)), ZoneOffset.UTC);
        boolean fresh = !Files.exists(db);
        try (Feedloop feedloop = Feedloop.open(db.toString(), clock, SqliteStore.Durability.NORMAL, "")) {
            if (fresh) {
                long t0 = System.nanoTime();
                fill(feedloop, responses, negatives);
                System.out.printf("filled %,d responses, %,d negatives in %.1f s%n", responses, negatives,
                        (System.nanoTime() - t0) / 1e9);
            } else {
                System.out.println("reusing " + db);
            }
            String key = feedloop.keys().create(PROJECT, Scope.ADMIN);
            try (ApiServer server = feedloop.apiServer(1 << 20).start("127.0.0.1", 0)) {
                String base = "http://127.0.0.1:" + server.port();
                HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                String cookie = signIn(http, base, key);
                System.out.printf("%-26s %8s %8s %8s %8s  (ms, %d timed requests after 10 warm-up)%n", "page", "median",
                        "p95", "max", "bytes", timed);
                for (String page : List.of("/", "/patterns", "/patterns?sort=rate&dir=desc&cause=prompt", "/patterns/P-1",
                        "/report", "/report?format=md")) {
                    time(http, base, cookie, page, timed);
                }
            }
        }
    }

    private static void time(HttpClient http, String base, String cookie, String page, int timed) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + page)).header("Cookie", cookie).GET().build();
        long bytes = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(page + " answered " + r.statusCode() + ": " + r.body());
            }
            bytes = r.body().length();
        }
        double[] ms = new double[timed];
        for (int i = 0; i < timed; i++) {
            long t = System.nanoTime();
            http.send(request, HttpResponse.BodyHandlers.discarding());
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-26s %8.1f %8.1f %8.1f %8d%n", page.length() > 26 ? page.substring(0, 26) : page,
                ms[timed / 2], ms[(int) Math.ceil(timed * 0.95) - 1], ms[timed - 1], bytes);
    }

    private static String signIn(HttpClient http, String base, String key) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String signInCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(form.body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF field in the sign-in form");
        }
        String body = "csrf=" + m.group(1) + "&next=%2F&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in")).header("Cookie", signInCookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("feedloop_session=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("sign-in failed: " + r.statusCode())).split(";")[0];
    }

    /** Responses through the ingest path in batches of 1,000; negatives' feedback; a stored run's assignments. */
    private static void fill(Feedloop feedloop, int responses, int negatives) {
        Random random = new Random(42);
        long step = SPAN.toMillis() / responses;
        int every = Math.max(1, responses / negatives);
        List<Assignment> assignments = new ArrayList<>();
        ArrayNode batch = JSON.createArrayNode();
        ArrayNode feedback = JSON.createArrayNode();
        for (int i = 0; i < responses; i++) {
            Instant ts = START.plusMillis(i * step);
            ObjectNode r = batch.addObject();
            r.put("request_id", "r-" + i);
            r.put("timestamp", ts.toString());
            r.put("prompt_version", "support-v" + (1 + (i * 4L / responses)));
            r.put("model", i % 3 == 0 ? "model-b" : "model-a");
            r.put("user_input", "How do I change booking " + random.nextInt(100_000) + " to another day?");
            r.put("llm_output", "Open My Trips, choose the booking and select Change. Fees may apply.");
            r.put("session_id", "s-" + (i / 3));
            if (i % every == 0 && assignments.size() < negatives) {
                ObjectNode f = feedback.addObject();
                f.put("event_id", "e-" + i);
                f.put("request_id", "r-" + i);
                f.put("timestamp", ts.plusSeconds(5).toString());
                f.put("implicit_signal", "regenerated");
                int pattern = random.nextInt(PATTERNS + 10);
                assignments.add(new Assignment("r-" + i, ts, pattern < PATTERNS ? "P-" + (pattern + 1) : null,
                        pattern < PATTERNS ? 0.9 : null));
            }
            if (batch.size() == 1_000) {
                flush(feedloop, batch, feedback);
            }
        }
        flush(feedloop, batch, feedback);
        List<PatternRecord> patterns = new ArrayList<>();
        float[] centroid = new float[384];
        centroid[0] = 1;
        for (int p = 1; p <= PATTERNS; p++) {
            patterns.add(new PatternRecord(PROJECT, "P-" + p, "Pattern " + p + " · booking · change", false,
                    "Synthetic pattern for the dashboard benchmark.", List.of("booking", "change"),
                    Cause.values()[p % 4], 0.7, null, "{\"lift\": 3.2, \"signals\": {\"regenerated\": 1.0}}",
                    PatternStatus.OPEN, null, false, "bench", centroid, List.of(centroid), 800, START, START.plus(SPAN)));
        }
        Instant now = START.plus(SPAN);
        feedloop.store().saveTriageRun(new TriageRunRecord(PROJECT, "run-bench", START, now, now, now,
                assignments.size(), "{}"), patterns, assignments);
        for (int p = 1; p <= 20; p++) {
            String result = "[{\"pattern_id\":\"P-" + p + "\",\"method\":\"before_after\",\"before\":{\"from\":\"2026-10-01T00:00:00Z\","
                    + "\"to\":\"2026-10-15T00:00:00Z\",\"occurrences\":120,\"responses\":250000,\"rate\":0.00048},"
                    + "\"after\":{\"from\":\"2026-10-16T00:00:00Z\",\"to\":\"2026-10-30T00:00:00Z\",\"occurrences\":60,"
                    + "\"responses\":250000,\"rate\":0.00024},\"rate_ratio\":0.5,\"ci_low\":0.36,\"ci_high\":0.68,"
                    + "\"p_value\":0.00001,\"verdict\":\"effective\",\"reason\":\"synthetic\"}]";
            feedloop.store().saveFix(new FixRecord(PROJECT, "F-" + p, "P-" + p, Instant.parse("2026-10-15T12:00:00Z"),
                    "support-v3", "bench fix", now, "effective", result, now));
        }
    }

    private static void flush(Feedloop feedloop, ArrayNode responses, ArrayNode feedback) {
        if (!responses.isEmpty()) {
            feedloop.ingestor().ingest(RecordKind.RESPONSE, responses, PROJECT);
            responses.removeAll();
        }
        if (!feedback.isEmpty()) {
            feedloop.ingestor().ingest(RecordKind.FEEDBACK, feedback, PROJECT);
            feedback.removeAll();
        }
    }
}
