package dev.feedloop.cli;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.feedloop.store.sqlite.SqliteStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PRODUCT.md part 1, "an acknowledged event is durable": the real server, in its own JVM, is
 * killed with SIGKILL under concurrent load; after a restart on the same file every event it
 * answered 202 for is there.
 */
class ServeCrashTest {
    private static final String KEY = "crash-test-admin-key";
    private static final Pattern SERVING = Pattern.compile("serving http://([^:]+):(\\d+)");
    private static final int THREADS = 4;
    private static final int MAX_REQUESTS_PER_THREAD = 1_500;
    private static final int ACKS_BEFORE_KILL = 200;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void serve_killedMidLoad_keepsEveryAcknowledgedEvent() throws Exception {
        assumeTrue(!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win"),
                "destroyForcibly is SIGKILL on Unix only");
        Path db = dir.resolve("crash.db");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger failedAfterKill = new AtomicInteger();

        Server first = Server.start(db, dir.resolve("serve-1.log"));
        try {
            AtomicBoolean killed = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < MAX_REQUESTS_PER_THREAD; i++) {
                        String id = "t" + thread + "-" + i;
                        try {
                            HttpResponse<String> r = http.send(event(first.base, id), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202) {
                                acknowledged.add(id);
                                enough.countDown();
                            }
                        } catch (IOException e) {
                            if (killed.get()) {
                                failedAfterKill.incrementAndGet();
                                return;
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "crash-load-" + t);
                worker.start();
                load.add(worker);
            }
            assertThat(enough.await(30, TimeUnit.SECONDS)).as("the server acknowledged %d events", ACKS_BEFORE_KILL)
                    .isTrue();
            killed.set(true);
            first.process.destroyForcibly();
            assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            for (Thread t : load) {
                t.join(15_000);
            }
            assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            assertThat(failedAfterKill.get()).as("requests were in flight or queued when the server died").isPositive();
        } finally {
            first.process.destroyForcibly();
        }

        Set<String> acked = new HashSet<>(acknowledged);
        Server second = Server.start(db, dir.resolve("serve-2.log"));
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(second.base.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            for (String id : acked.stream().limit(25).toList()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(second.base.resolve("/v1/responses/" + id))
                        .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("GET %s after restart", id).isEqualTo(200);
                assertThat(r.body()).contains("\"event_id\":\"ev-" + id + "\"");
            }
        } finally {
            second.process.destroy();
            if (!second.process.waitFor(15, TimeUnit.SECONDS)) {
                second.process.destroyForcibly();
            }
        }

        try (SqliteStore store = SqliteStore.open(db, Clock.systemUTC(), SqliteStore.Durability.NORMAL, CaptureRules.STANDARD)) {
            Set<String> responses = new HashSet<>(column(store, "SELECT request_id FROM responses"));
            Set<String> feedback = new HashSet<>(column(store, "SELECT request_id FROM feedback"));
            assertThat(responses).as("acknowledged responses after the crash").containsAll(acked);
            assertThat(feedback).as("acknowledged feedback after the crash").containsAll(acked);
        }
    }

    private static HttpRequest event(URI base, String id) {
        String body = "{\"request_id\":\"" + id + "\",\"event_id\":\"ev-" + id + "\",\"prompt_version\":\"v1\","
                + "\"user_input\":\"question " + id + "\",\"llm_output\":\"answer " + id + "\","
                + "\"implicit_signal\":\"accepted\"}";
        return HttpRequest.newBuilder(base.resolve("/v1/events")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static List<String> column(SqliteStore store, String sql) {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** {@code feedloop serve} in a child JVM on a free loopback port, with the test's classpath. */
    private record Server(Process process, URI base) {
        static Server start(Path db, Path log) throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), "dev.feedloop.cli.Main",
                    "serve", "--db", db.toString(), "--host", "127.0.0.1", "--port", "0")
                    .redirectError(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("FEEDLOOP_"));
            env.put("FEEDLOOP_API_KEY", KEY);
            env.put("FEEDLOOP_LOG_LEVEL", "WARN");
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String[] line = new String[1];
            Thread reader = new Thread(() -> {
                try {
                    line[0] = out.readLine();
                } catch (IOException ignored) {
                    // the process died: reported below with its log
                }
            }, "serve-stdout");
            reader.setDaemon(true);
            reader.start();
            reader.join(30_000);
            Matcher m = line[0] == null ? null : SERVING.matcher(line[0]);
            if (m == null || !m.find()) {
                process.destroyForcibly();
                throw new AssertionError("serve did not start: " + line[0] + "\n" + Files.readString(log));
            }
            return new Server(process, URI.create("http://" + m.group(1) + ":" + m.group(2)));
        }
    }
}
