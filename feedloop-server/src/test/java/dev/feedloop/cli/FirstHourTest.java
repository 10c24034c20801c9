package dev.feedloop.cli;

import static dev.feedloop.cli.ImportCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.Feedloop;
import dev.feedloop.cli.ImportCommandTest.Run;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets in the first hour on the command line (issue 13). */
class FirstHourTest {
    @TempDir
    Path dir;

    private String db() {
        return dir.resolve("feedloop.db").toString();
    }

    /** A database whose only traffic is in project "other". */
    private void importOtherProject() throws IOException {
        Path file = Files.write(dir.resolve("other.jsonl"), List.of(
                "{\"type\":\"response\",\"project\":\"other\",\"request_id\":\"o1\",\"prompt_version\":\"v1\","
                        + "\"user_input\":\"q\",\"llm_output\":\"a\",\"timestamp\":\"2026-11-20T10:00:00Z\"}",
                "{\"type\":\"feedback\",\"project\":\"other\",\"request_id\":\"o1\",\"thumbs\":\"down\"}"));
        assertThat(run("import", "--db", db(), file.toString()).exit()).isZero();
    }

    private static void assertNoInternals(Run r) {
        assertThat(r.out() + r.err()).doesNotContain("\tat ", "Exception", "dev.feedloop.", "need at least one cluster");
    }

    @Test
    void triage_windowWithoutNegatives_isAResultNamingTheProjectAndThoseWithData() throws IOException {
        importOtherProject();

        Run r = run("triage", "--db", db(), "--week", "2026-W49");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("0 negatives, 0 patterns");
        assertThat(r.err()).contains("No negative feedback between 2026-11-30T00:00:00Z and 2026-12-07T00:00:00Z"
                + " in project 'default'; projects with data: other");
        assertNoInternals(r);
    }

    @Test
    void triage_unknownProject_isAnEmptyResultToo() throws IOException {
        importOtherProject();

        Run r = run("triage", "--db", db(), "--week", "2026-W47", "--project", "nosuch");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("in project 'nosuch'; projects with data: other");
    }

    @Test
    void project_invalidName_isRefusedWithTheRule() throws IOException {
        importOtherProject();

        Run r = run("patterns", "--db", db(), "--project", "no such/project");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--project 'no such/project' is not a project name");
        assertNoInternals(r);
    }

    @Test
    void patterns_noneInTheProject_namesItAndTheProjectsWithData() throws IOException {
        importOtherProject();

        Run r = run("patterns", "--db", db());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("No patterns yet in project 'default'; projects with data: other");
    }

    @Test
    void readOnlyCommand_mistypedDb_saysSoAndCreatesNothing() throws IOException {
        for (String[] command : List.of(new String[] {"patterns"}, new String[] {"patterns", "show", "P-1"},
                new String[] {"verify"}, new String[] {"triage", "--week", "2026-W47"},
                new String[] {"fix", "add", "--pattern", "P-1", "--deployed-at", "2026-11-01"})) {
            String[] args = Stream.concat(Stream.of(command), Stream.of("--db", dir.resolve("typo.db").toString()))
                    .toArray(String[]::new);
            Run r = run(args);

            assertThat(r.exit()).as(String.join(" ", command)).isNotZero();
            assertThat(r.err()).contains("there is no database at " + dir.resolve("typo.db"));
            assertNoInternals(r);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void serve_portTaken_failsWithASentenceAndCreatesNothing() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = run("serve", "--db", db(), "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertNoInternals(r);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void patterns_longCause_keepsColumnsAligned() throws IOException {
        importOtherProject();
        try (Feedloop f = Feedloop.open(db(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "")) {
            f.store().savePatterns(List.of(pattern("P-1", "model_limitation", "regressed"),
                    pattern("P-2", "prompt", "open")));
        }

        Run r = run("patterns", "--db", db(), "--project", "other");

        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        int members = lines.get(0).indexOf("members") + "members".length();
        assertThat(lines.get(1).charAt(members - 1)).as(lines.get(1)).isEqualTo('7');
        assertThat(lines.get(2).charAt(members - 1)).as(lines.get(2)).isEqualTo('7');
        assertThat(lines.get(1).indexOf("2026-")).isEqualTo(lines.get(2).indexOf("2026-"));
    }

    @Test
    void patternsShow_printsEvidenceReadably() throws IOException {
        importOtherProject();
        try (Feedloop f = Feedloop.open(db(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "")) {
            f.store().savePatterns(List.of(pattern("P-1", "retrieval", "open")));
        }

        Run r = run("patterns", "show", "P-1", "--db", db(), "--project", "other");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("{\"").contains("evidence:\n  lift: 3.5\n  signals: reasked 0.4,"
                + " regenerated 0.6\n  retrieval:\n    score median: 0.41\n");
    }

    @Test
    void help_summariesAreWholeSentences() {
        Run r = run("--help");

        assertThat(r.out().lines().filter(l -> l.startsWith("  ") && l.strip().endsWith(":")).toList()).isEmpty();
        assertThat(r.out()).doesNotContain("INTERFACES.md");
    }

    @Test
    void verify_fixWithoutTrafficAfterIt_saysSoInsteadOfAHundredPercentFall() throws IOException {
        importOtherProject();
        try (Feedloop f = Feedloop.open(db(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "")) {
            f.store().savePatterns(List.of(pattern("P-1", "prompt", "open")));
        }
        assertThat(run("fix", "add", "--db", db(), "--project", "other", "--pattern", "P-1", "--deployed-at",
                "2026-11-21").exit()).isZero();

        Run r = run("verify", "--db", db(), "--project", "other", "--as-of", "2026-11-25");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("no responses after the fix (and its settling time) yet").doesNotContain("-100%");
    }

    @Test
    void docs_theReferenceTheReadmeAndHelpPointToIsShipped() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String doc : List.of("docs/README.md", "docs/records.md", "docs/cli.md", "docs/json.md",
                "docs/http-api.md")) {
            assertThat(Path.of("..", doc)).as(doc).exists();
        }
        assertThat(readme).contains("docs/json.md", "feedloop-client/README.md").doesNotContain("INTERFACES.md");
        for (String command : List.of("import", "triage", "verify")) {
            assertThat(run(command, "--help").out()).as(command).doesNotContain("INTERFACES.md");
        }
    }

    static PatternRecord pattern(String id, String cause, String status) {
        return new PatternRecord("other", id, "Pattern " + id, false, "d", List.of("k"), dev.feedloop.store.Cause.fromWire(cause), 0.8,
                null,
                "{\"lift\":3.5,\"signals\":{\"reasked\":0.4,\"regenerated\":0.6},\"retrieval\":{\"score_median\":0.41,"
                        + "\"reasons\":[\"low scores\"],\"top_doc\":{\"id\":\"kb-1\",\"share\":0.9}}}",
                dev.feedloop.store.PatternStatus.fromWire(status), null, false, "m", new float[] {1, 0}, List.of(), 7, java.time.Instant.parse(
                        "2026-11-01T00:00:00Z"), java.time.Instant.parse("2026-11-20T00:00:00Z"));
    }
}
