package dev.feedloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.Feedloop;
import dev.feedloop.PlainMessages;
import dev.feedloop.store.sqlite.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
    static final List<String> GOOD = List.of(
            "{\"type\":\"response\",\"request_id\":\"g1\",\"prompt_version\":\"v1\",\"user_input\":\"q\",\"llm_output\":\"a\"}",
            "{\"type\":\"feedback\",\"request_id\":\"g1\",\"event_id\":\"ge1\",\"thumbs\":\"down\"}",
            "{\"type\":\"event\",\"request_id\":\"g2\",\"event_id\":\"ge2\",\"prompt_version\":\"v1\",\"user_input\":\"q\","
                    + "\"llm_output\":\"a\",\"explicit_rating\":4}");

    @TempDir
    Path dir;

    /** What one run of the command line printed, and its exit code. */
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.run(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String db() {
        return dir.resolve("feedloop.db").toString();
    }

    private static void assertNoStackTrace(Run r) {
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Caused by");
        assertThat(r.out()).doesNotContain("\tat ");
    }

    @Test
    void import_allLinesValid_exitsZeroAndPrintsTheSummary() throws IOException {
        Path file = Files.write(dir.resolve("good.jsonl"), GOOD);

        Run r = run("import", "--db", db(), file.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("good.jsonl: 3 lines: stored 3, duplicates 0, rejected 0");
        assertNoStackTrace(r);
        try (Feedloop f = Feedloop.open(db(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "")) {
            assertThat(f.store().response("default", "g2")).isPresent();
            assertThat(f.store().feedback("default", "g1")).hasSize(1);
        }
    }

    @Test
    void import_again_exitsZeroWithDuplicatesOnly() throws IOException {
        Path file = Files.write(dir.resolve("good.jsonl"), GOOD);
        run("import", "--db", db(), file.toString());

        Run again = run("import", "--db", db(), file.toString());

        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("stored 0, duplicates 3, rejected 0");
    }

    @Test
    void import_someLinesRejected_exitsThreeAndNamesTheLines() throws IOException {
        Path file = Files.write(dir.resolve("mixed.jsonl"), List.of(GOOD.get(0), "{not json",
                "{\"type\":\"feedback\",\"request_id\":\"g1\",\"explicit_rating\":7}", GOOD.get(1)));

        Run r = run("import", "--db", db(), file.toString());

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("stored 2, duplicates 0, rejected 2")
                .contains("line 2: ")
                .contains("line 3: explicit_rating: ");
        assertNoStackTrace(r);
    }

    @Test
    void import_csvWithBadRows_exitsThree() throws IOException {
        Path file = Files.writeString(dir.resolve("rows.csv"), String.join("\n",
                "type,request_id,prompt_version,user_input,llm_output,thumbs,event_id",
                "response,c1,v1,q,a,,",
                "feedback,c1,,,,sideways,ce1",
                "feedback,c1,,,,up,ce2") + "\n");

        Run r = run("import", "--db", db(), file.toString());

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("stored 2, duplicates 0, rejected 1").contains("line 3: thumbs: ");
    }

    @Test
    void import_json_printsMachineReadableSummary() throws Exception {
        Path file = Files.write(dir.resolve("mixed.jsonl"), List.of(GOOD.get(0), "{not json"));

        Run r = run("import", "--db", db(), "--json", file.toString());

        assertThat(r.exit()).isEqualTo(3);
        JsonNode summary = new ObjectMapper().readTree(r.out());
        assertThat(summary).hasSize(1);
        assertThat(summary.at("/0/stored").asInt()).isEqualTo(1);
        assertThat(summary.at("/0/rejected").asInt()).isEqualTo(1);
        assertThat(summary.at("/0/first_rejections/0/line").asInt()).isEqualTo(2);
        assertThat(summary.at("/0/first_rejections/0/error").asText()).isEqualTo("malformed_json");
    }

    @Test
    void import_missingFile_exitsOneWithAClearMessage_andImportsNothing() throws IOException {
        Path good = Files.write(dir.resolve("good.jsonl"), GOOD);
        Path missing = dir.resolve("missing.jsonl");

        Run r = run("import", "--db", db(), good.toString(), missing.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("feedloop: ").contains("missing.jsonl");
        assertNoStackTrace(r);
        assertThat(dir.resolve("feedloop.db")).as("nothing opened before the files are checked").doesNotExist();
    }

    @Test
    void import_databaseInMissingFolder_exitsOneWithAClearMessage() throws IOException {
        Path file = Files.write(dir.resolve("good.jsonl"), GOOD);

        Run r = run("import", "--db", dir.resolve("nowhere").resolve("x.db").toString(), file.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("feedloop: ").contains("nowhere");
        assertNoStackTrace(r);
    }

    @Test
    void import_emptyCsvAndEmptyJsonl_areHandledAlike_exitZeroWithANote() throws IOException {
        Path csv = Files.writeString(dir.resolve("empty.csv"), "");
        Path jsonl = Files.writeString(dir.resolve("empty.jsonl"), "");

        Run r = run("import", "--db", db(), csv.toString(), jsonl.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("empty.csv: 0 lines: stored 0, duplicates 0, rejected 0 (the file is empty)")
                .contains("empty.jsonl: 0 lines: stored 0, duplicates 0, rejected 0 (the file is empty)");
        assertNoStackTrace(r);
    }

    @Test
    void import_emptyFile_json_carriesTheNote() throws Exception {
        Path csv = Files.writeString(dir.resolve("empty.csv"), "");

        Run r = run("import", "--db", db(), "--json", csv.toString());

        assertThat(new ObjectMapper().readTree(r.out()).at("/0/note").asText()).isEqualTo("the file is empty");
    }

    @Test
    void import_badJsonLines_printPlainReasons() throws IOException {
        Path file = Files.write(dir.resolve("bad.jsonl"), List.of("{\"a\":NaN}", "{\"type\":\"response\",\"request_id\":\"x\""));

        Run r = run("import", "--db", db(), file.toString());

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("line 1: the line is not valid JSON: NaN and Infinity are not JSON numbers")
                .contains("line 2: the line is not valid JSON: it ends before '}' closes an object");
        r.out().lines().filter(l -> l.startsWith("  line ")).forEach(PlainMessages::assertPlain);
    }

    @Test
    void import_folderBinaryOrBadHeader_exitsOneWithASentence_andOpensNothing() throws IOException {
        Path good = Files.write(dir.resolve("good.jsonl"), GOOD);
        Path folder = Files.createDirectory(dir.resolve("exports"));
        Path binary = Files.write(dir.resolve("data.jsonl"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        Path header = Files.writeString(dir.resolve("extra.csv"), "request_id,thumbs,notes\nr1,up,x\n");

        for (Path bad : List.of(folder, binary, header)) {
            Run r = run("import", "--db", db(), good.toString(), bad.toString());

            assertThat(r.exit()).as(bad.toString()).isEqualTo(1);
            assertThat(r.err()).startsWith("feedloop: cannot import " + bad + ": ");
            PlainMessages.assertPlain(r.err());
            assertNoStackTrace(r);
        }
        assertThat(dir.resolve("feedloop.db")).as("nothing opened before the files are checked").doesNotExist();
    }

    @Test
    void anyCommand_dbThatIsNotADatabase_printsOneSentence() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.md"), "# notes\n");

        for (String command : List.of("patterns", "verify")) {
            Run r = run(command, "--db", notes.toString());

            assertThat(r.exit()).as(command).isEqualTo(1);
            assertThat(r.err()).isEqualTo("feedloop: " + notes + " is not a SQLite database, or it is encrypted"
                    + " (is --db pointing at the right file?)" + System.lineSeparator());
            PlainMessages.assertPlain(r.err());
        }
    }

    @Test
    void triage_badTime_namesTheOptionAndTheSameFormsAsTheHttpApi() {
        Run r = run("triage", "--db", db(), "--from", "last monday", "--to", "2026-11-20");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("feedloop: --from 'last monday' is not a date (2026-11-20, read as UTC midnight)"
                + " or an ISO-8601 time with an offset (2026-11-20T09:30:00Z)" + System.lineSeparator());
    }

    @Test
    void eval_truthThatIsNotJson_orNotATruthFile_printsOneSentence() throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), "# Feedloop\n");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"name\":\"x\"}");

        Run notJson = run("eval", "--db", db(), "--truth", readme.toString());
        Run notTruth = run("eval", "--db", db(), "--truth", other.toString());

        assertThat(notJson.exit()).isEqualTo(1);
        assertThat(notJson.err()).isEqualTo("feedloop: " + readme + " is not valid JSON: expected a value, found '#'"
                + " (line 1, column 1)" + System.lineSeparator());
        assertThat(notTruth.err()).isEqualTo("feedloop: " + other + " is not a truth.json written by 'feedloop simulate'"
                + System.lineSeparator());
    }

    @Test
    void import_withoutFiles_isAUsageError() {
        Run r = run("import", "--db", db());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("FILE");
        assertNoStackTrace(r);
    }

    @Test
    void keysCreate_printsAKeyThatAuthenticates() {
        Run r = run("keys", "create", "--db", db(), "--project", "acme", "--scope", "ingest");

        assertThat(r.exit()).as(r.err()).isZero();
        String key = r.out().trim();
        assertThat(key).matches("fl_[0-9a-f]{12}_[0-9a-f]{64}");
        assertThat(r.err()).contains("cannot be shown again");
        try (Feedloop f = Feedloop.open(db(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "")) {
            assertThat(f.keys().authenticate(key)).hasValueSatisfying(p -> {
                assertThat(p.project()).isEqualTo("acme");
                assertThat(p.canRead()).isFalse();
            });
        }
    }

    @Test
    void keysCreate_unknownScope_exitsOneWithoutStackTrace() {
        Run r = run("keys", "create", "--db", db(), "--scope", "root");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("scope must be 'ingest' or 'admin'");
        assertNoStackTrace(r);
    }
}
