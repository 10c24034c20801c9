package dev.feedloop.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.Feedloop;
import dev.feedloop.store.Cause;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.sqlite.SqliteStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code feedloop route} in a child JVM is killed (SIGKILL) after GitHub created the issue and before
 * the database recorded it; the next delivery finds the issue by its marker and creates none.
 */
class KillDuringCreateTest {
    @TempDir
    Path dir;

    @Test
    void sigkillBetweenTheTrackersCreateAndTheStoresCommit_leavesOneIssue() throws Exception {
        String db = dir.resolve("k.db").toString();
        try (Feedloop f = Feedloop.open(db, Clock.systemUTC(), SqliteStore.Durability.FULL, "")) {
            f.store().savePatterns(List.of(new PatternRecord("shop", "P-1", "Refunds", false, "d", List.of("refund"),
                    Cause.PROMPT, 0.8, null, "{}", PatternStatus.OPEN, null, false, "m", new float[] {1, 0}, List.of(), 3,
                    null, null)));
        }
        try (VendorServer github = new VendorServer()) {
            Map<String, String> env = Map.of("FEEDLOOP_GITHUB_REPO", "acme/assistant", "FEEDLOOP_GITHUB_API",
                    github.base(), "FEEDLOOP_GITHUB_TOKEN", "ghp_test", "FEEDLOOP_TRACKER_TIMEOUT", "PT60S");
            github.holdCreateMillis = 60_000;
            Path log = dir.resolve("child.log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), "dev.feedloop.cli.Main", "route", "--db", db, "--project",
                    "shop").redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("FEEDLOOP_"));
            builder.environment().putAll(env);
            Process child = builder.start();
            try {
                assertThat(github.created.await(60, TimeUnit.SECONDS)).as("the child created the issue; its log: %s",
                        new Object() {
                            @Override
                            public String toString() {
                                return read(log.toFile());
                            }
                        }).isTrue();
                child.destroyForcibly(); // SIGKILL: no shutdown hooks, no commit
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(github.issues).hasSize(1);
            github.holdCreateMillis = 0;

            try (Feedloop f = Feedloop.open(db, Clock.systemUTC(), SqliteStore.Durability.FULL, "")) {
                assertThat(f.store().ticket("shop", "P-1").orElseThrow().key()).as("nothing was committed").isNull();
                Routing routing = f.routing(env);
                Sender.Report report = routing.sender().deliver("shop", true);

                assertThat(report.sent()).isEqualTo(1);
                assertThat(github.issues).hasSize(1);
                assertThat(github.calls("POST")).hasSize(1);
                assertThat(f.store().ticket("shop", "P-1").orElseThrow().key()).isEqualTo("1");
            }
        }
    }

    private static String read(File file) {
        try {
            return Files.readString(file.toPath());
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
