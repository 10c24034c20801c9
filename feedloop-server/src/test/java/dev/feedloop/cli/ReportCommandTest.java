package dev.feedloop.cli;

import static dev.feedloop.cli.ImportCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.feedloop.Feedloop;
import dev.feedloop.cli.ImportCommandTest.Run;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.Batch;
import dev.feedloop.store.Cause;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.TriageRunRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code feedloop report} as a user runs it: Markdown to the terminal, HTML to a file, clear errors,
 * and {@code --post} to a webhook (a local HTTP server; the CLI runs in a child JVM, since the
 * webhook's address and secret come from the environment).
 */
class ReportCommandTest {
    static final String PROJECT = "shop";
    /** Monday of ISO week 2026-W46. */
    static final Instant W46 = Instant.parse("2026-11-09T00:00:00Z");
    static final Instant W47 = W46.plus(Duration.ofDays(7));

    @TempDir
    Path dir;

    String db() {
        return dir.resolve("feedloop.db").toString();
    }

    /** Two weeks of 100 responses; in the second, 12 negatives assigned to a new pattern by a triage run. */
    @BeforeEach
    void world() {
        try (Feedloop f = Feedloop.open(db(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "")) {
            f.store().savePatterns(List.of(new PatternRecord(PROJECT, "P-1", "Refund timing, ask ann@example.com",
                    false, "Users are told the wrong refund time", List.of("refund"), Cause.PROMPT, 0.8, null, "{}",
                    PatternStatus.NEW, null, false, "m", new float[] {1, 0}, List.of(), 12, W47.plusSeconds(3600),
                    W47.plus(Duration.ofDays(7)))));
            List<Assignment> assignments = new ArrayList<>();
            for (int week = 0; week < 2; week++) {
                List<ResponseRecord> responses = new ArrayList<>();
                List<FeedbackRecord> feedback = new ArrayList<>();
                Instant from = W46.plus(Duration.ofDays(7L * week));
                for (int i = 0; i < 100; i++) {
                    String id = "w" + week + "-" + i;
                    Instant ts = from.plusSeconds(3600L * i);
                    responses.add(new ResponseRecord(PROJECT, id, ts, "v1", "m", "How long does a refund take?",
                            "Refunds take 30 days.", List.of(), "s" + week + "-" + i, null, null));
                    if (week == 1 && i < 12) {
                        feedback.add(new FeedbackRecord(PROJECT, "e" + id, id, ts.plusSeconds(5),
                                ImplicitSignal.EDITED, null, null, "Refunds take 14 days.", null));
                        assignments.add(new Assignment(id, ts, "P-1", 0.9));
                    }
                }
                f.store().write(new Batch(responses, feedback));
            }
            Instant from = W46.plus(Duration.ofDays(7));
            Instant to = from.plus(Duration.ofDays(7));
            f.store().saveTriageRun(new TriageRunRecord(PROJECT, "run-w47", from, to, to, to, 12, "{}"), List.of(),
                    assignments);
        }
    }

    @Test
    void report_printsTheLastCompleteWeekAsMarkdown_withPatternNamesRedacted() {
        Run r = run("report", "--db", db(), "--project", PROJECT);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# Feedloop weekly report: shop, 2026-W47 (2026-11-16 .. 2026-11-22)")
                .contains("- Responses: 100 (week before: 100)",
                        "- Negatives triaged: 12, 12.00 % of responses (week before: 0, 0.00 %)",
                        "## New patterns\n\n| pattern | name | cause | count | rate | trend | ticket |\n|---|---|---|---|---|---|---|\n"
                                + "| P-1 | Refund timing, ask [EMAIL] | prompt | 12 | 12.00 % |",
                        "## Recurring patterns\n\nNone.", "## Fix verdicts\n\nNo fix has a verdict yet.")
                .doesNotContain("ann@example.com");
    }

    @Test
    void report_anEarlierWeekAsHtml_toAFile() throws Exception {
        Path out = dir.resolve("w46.html");

        Run r = run("report", "--week", "2026-W46", "--format", "html", "--out", out.toString(), "--db", db(),
                "--project", PROJECT);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("weekly report of shop 2026-W46 written to " + out);
        String html = Files.readString(out);
        assertThat(html).contains("<html", "2026-W46").doesNotContain("ann@example.com");
    }

    @Test
    void report_badInput_isOneClearSentence() {
        Run format = run("report", "--format", "pdf", "--db", db(), "--project", PROJECT);
        assertThat(format.exit()).isNotZero();
        assertThat(format.err()).contains("--format must be md or html, got 'pdf'").doesNotContain("Exception");

        Run week = run("report", "--week", "week 47", "--db", db(), "--project", PROJECT);
        assertThat(week.exit()).isNotZero();
        assertThat(week.err()).contains("week 47").doesNotContain("Exception");

        Run empty = run("report", "--db", db(), "--project", "nobody");
        assertThat(empty.exit()).isNotZero();
        assertThat(empty.err()).contains("no week to report on").doesNotContain("Exception");
    }

    @Test
    void post_sendsTheSignedReportToTheWebhook() throws Exception {
        Hook hook = Hook.start(200);
        try {
            Child r = child(Map.of("FEEDLOOP_WEBHOOK_URL", hook.url(), "FEEDLOOP_WEBHOOK_SECRET", "s3cret"),
                    "report", "--post", "--db", db(), "--project", PROJECT);

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("posted to the webhook");
            assertThat(hook.requests).hasSize(1);
            Hook.Request request = hook.requests.get(0);
            assertThat(request.header("X-Feedloop-Event")).isEqualTo("report.weekly");
            String timestamp = request.header("X-Feedloop-Timestamp");
            assertThat(request.header("X-Feedloop-Signature")).isEqualTo("sha256=" + hmac("s3cret",
                    timestamp + "." + request.body));
            JsonNode event = new ObjectMapper().readTree(request.body);
            assertThat(event.path("event").asText()).isEqualTo("report.weekly");
            assertThat(event.path("project").asText()).isEqualTo(PROJECT);
            assertThat(event.path("week").asText()).isEqualTo("2026-W47");
            assertThat(event.path("text").asText()).startsWith("# Feedloop weekly report: shop, 2026-W47")
                    .doesNotContain("ann@example.com");
        } finally {
            hook.stop();
        }
    }

    @Test
    void post_aWebhookThatRefuses_orNoWebhookSet_failsWithExitCode1() throws Exception {
        Hook hook = Hook.start(500);
        try {
            Child refused = child(Map.of("FEEDLOOP_WEBHOOK_URL", hook.url()), "report", "--post", "--db", db(),
                    "--project", PROJECT);
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("the webhook answered 500").doesNotContain("Exception");
        } finally {
            hook.stop();
        }
        Child unset = child(Map.of(), "report", "--post", "--db", db(), "--project", PROJECT);
        assertThat(unset.exit()).isEqualTo(1);
        assertThat(unset.err()).contains("--post needs FEEDLOOP_WEBHOOK_URL");
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    record Child(int exit, String out, String err) {
    }

    /** {@code feedloop ARGS} in a child JVM with the test's classpath and only these FEEDLOOP_ variables. */
    private Child child(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.feedloop.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("FEEDLOOP_"));
        builder.environment().put("FEEDLOOP_LOG_LEVEL", "WARN");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("feedloop " + String.join(" ", args) + " did not end in 60 s");
        }
        return new Child(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A webhook on a loopback port that records what it is sent and answers with a fixed status. */
    private static final class Hook {
        record Request(Map<String, List<String>> headers, String body) {
            String header(String name) {
                return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(e -> e.getValue().get(0)).findFirst().orElse(null);
            }
        }

        final List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        private final HttpServer server;

        private Hook(HttpServer server) {
            this.server = server;
        }

        static Hook start(int status) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Hook hook = new Hook(server);
            server.createContext("/hook", exchange -> {
                hook.requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return hook;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void stop() {
            server.stop(0);
        }
    }
}
