package dev.feedloop.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.Cause;
import dev.feedloop.store.OutboxEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code feedloop route --dry-run}: the requests a delivery would send, rendered, none sent, nothing stored. */
class DryRunTest {
    @TempDir
    Path dir;
    RoutingWorld world;

    @BeforeEach
    void open() {
        world = new RoutingWorld(dir);
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void rehearsal_printsEachRequestWithItsBody_masksTheToken_andChangesNothing() {
        world.pattern("P-1", Cause.PROMPT);
        world.router("github", false).route(RoutingWorld.PROJECT, world.week(0, "P-1", 5, true));
        List<OutboxEntry> pending = world.store.undelivered(RoutingWorld.PROJECT);
        List<String> lines = new ArrayList<>();
        // nothing listens on this address: a request actually sent would fail, not be rendered
        Tracker dry = Trackers.fromEnv(Map.of("FEEDLOOP_TRACKER", "github", "FEEDLOOP_GITHUB_REPO", "acme/app",
                "FEEDLOOP_GITHUB_TOKEN", "ghp_secret123", "FEEDLOOP_GITHUB_API", "http://127.0.0.1:9"), world.clock,
                lines::add);

        new Sender(world.store, dry, world.clock).rehearse(pending, lines::add);

        String all = String.join("\n", lines);
        assertThat(all).contains("# create P-1", "GET http://127.0.0.1:9/", "POST http://127.0.0.1:9/repos/acme/app/issues",
                "\"title\":\"[prompt fix] P-1", "(masked)");
        assertThat(all).doesNotContain("ghp_secret123", "ann@example.com");
        assertThat(world.store.undelivered(RoutingWorld.PROJECT)).isEqualTo(pending);
        assertThat(world.store.ticket(RoutingWorld.PROJECT, "P-1").orElseThrow().key()).isNull();
    }
}
