package dev.feedloop.capture;

import dev.feedloop.store.Thumbs;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.RetrievedDoc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.feedloop.Feedloop;
import dev.feedloop.store.StoredFeedback;
import dev.feedloop.store.StoredResponse;
import dev.feedloop.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileImporterTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    /** Lines 3, 5, 6 and 9 are bad; line 8 repeats line 1; lines 10-11 carry no "type". */
    static final List<String> JSONL = List.of(
            "{\"type\":\"response\",\"request_id\":\"r1\",\"prompt_version\":\"v1\",\"user_input\":\"q1\","
                    + "\"llm_output\":\"a1\",\"timestamp\":\"2026-11-20T09:00:00Z\"}",
            "{\"type\":\"feedback\",\"request_id\":\"r1\",\"event_id\":\"e1\",\"thumbs\":\"down\"}",
            "{\"type\":\"feedback\", broken",
            "",
            "{\"type\":\"feedback\",\"request_id\":\"r1\",\"event_id\":\"e2\",\"explicit_rating\":9}",
            "{\"type\":\"review\",\"request_id\":\"r1\"}",
            "{\"type\":\"event\",\"request_id\":\"r2\",\"event_id\":\"e3\",\"prompt_version\":\"v1\","
                    + "\"user_input\":\"q2\",\"llm_output\":\"a2\",\"implicit_signal\":\"accepted\"}",
            "{\"type\":\"response\",\"request_id\":\"r1\",\"prompt_version\":\"v1\",\"user_input\":\"q1\","
                    + "\"llm_output\":\"a1\"}",
            "[1,2]",
            "{\"request_id\":\"r3\",\"prompt_version\":\"v1\",\"user_input\":\"q3\",\"llm_output\":\"a3\"}",
            "{\"request_id\":\"r3\",\"event_id\":\"e4\",\"comment\":\"the answer was cut off\"}");

    /**
     * Rows at lines 4, 5-6 (a quoted cell spans two lines), 8 (one cell too many) and 11-12 are bad;
     * line 10 is blank; line 9 follows a malformed row and must still be stored.
     */
    static final String CSV = String.join("\n",
            "type,request_id,event_id,prompt_version,user_input,llm_output,retrieved_context,tags,explicit_rating,"
                    + "thumbs,timestamp",
            "response,c1,,v1,\"what is my balance\",\"Your balance is $5\","
                    + "\"[{\"\"doc_id\"\":\"\"kb-1\"\",\"\"text\"\":\"\"Balances\"\",\"\"score\"\":0.82}]\","
                    + "\"{\"\"team\"\":\"\"billing\"\"}\",,,2026-11-20T09:00:00Z",
            "feedback,c1,f1,,,,,,2,,",
            "feedback,c1,f2,,,,,,9,,",
            "response,c2,,v1,\"two",
            "lines\",answer,[oops,,,,",
            "event,c3,f3,v1,q,a,,,,down,1795167000",
            "feedback,c1,f4,,,,,,1,up,,extra",
            "response,c4,,v1,q4,a4,,,,,",
            "",
            "response,c5,,v1,\"multi",
            "line input\",a5,,\"{\"\"k\"\":1}\",,,") + "\n";

    @TempDir
    Path dir;
    private Feedloop feedloop;
    private FileImporter importer;

    @BeforeEach
    void open() {
        feedloop = Feedloop.open(dir.resolve("feedloop.db").toString(), Clock.fixed(NOW, ZoneOffset.UTC),
                SqliteStore.Durability.NORMAL, "");
        importer = new FileImporter(feedloop.ingestor());
    }

    @AfterEach
    void close() {
        feedloop.close();
    }

    private FileImporter.Summary importFile(Path file) {
        return importer.importFile(file, (f, read, total, lines) -> { });
    }

    @Test
    void importJsonl_badLines_areCountedWithTheirLineNumbers_andTheRestIsStored() throws IOException {
        Path file = Files.writeString(dir.resolve("events.jsonl"), String.join("\n", JSONL) + "\n");

        FileImporter.Summary summary = importFile(file);

        assertThat(summary.lines()).isEqualTo(11);
        assertThat(summary.stored()).isEqualTo(5);
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.rejected()).isEqualTo(4);
        assertThat(summary.firstRejections()).extracting(Rejection::index, Rejection::error, Rejection::field)
                .containsExactly(
                        tuple(3L, "malformed_json", null),
                        tuple(5L, "invalid_field", "explicit_rating"),
                        tuple(6L, "invalid_field", "type"),
                        tuple(9L, "invalid_field", null));
        assertThat(feedloop.store().response("default", "r3")).isPresent();
        assertThat(feedloop.store().feedback("default", "r3")).extracting(f -> f.record().comment())
                .containsExactly("the answer was cut off");
        assertThat(feedloop.store().feedback("default", "r2")).extracting(f -> f.record().implicitSignal())
                .containsExactly(ImplicitSignal.ACCEPTED);
    }

    @Test
    void importJsonl_again_reportsOnlyDuplicates() throws IOException {
        Path file = Files.writeString(dir.resolve("events.jsonl"), String.join("\n", JSONL) + "\n");
        importFile(file);

        FileImporter.Summary again = importFile(file);

        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(6);
        assertThat(again.rejected()).isEqualTo(4);
        assertThat(feedloop.store().feedback("default", "r1")).hasSize(1);
    }

    @Test
    void importCsv_badRows_areCountedWithTheirLineNumbers_andTheRestIsStored() throws IOException {
        Path file = Files.writeString(dir.resolve("events.csv"), CSV);

        FileImporter.Summary summary = importFile(file);

        assertThat(summary.firstRejections()).extracting(Rejection::index, Rejection::field)
                .containsExactly(
                        tuple(4L, "explicit_rating"),
                        tuple(5L, "retrieved_context"),
                        tuple(8L, null),
                        tuple(11L, "tags.k"));
        assertThat(summary.stored()).isEqualTo(4);
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.rejected()).isEqualTo(4);
        assertThat(feedloop.store().response("default", "c4")).as("the row after a malformed one").isPresent();
    }

    @Test
    void importCsv_jsonColumns_becomeStructuredFields() throws IOException {
        importFile(Files.writeString(dir.resolve("events.csv"), CSV));

        StoredResponse c1 = feedloop.store().response("default", "c1").orElseThrow();
        assertThat(c1.record().retrievedContext()).containsExactly(new RetrievedDoc("kb-1", "Balances", 0.82));
        assertThat(c1.record().tags()).isEqualTo(Map.of("team", "billing"));
        assertThat(c1.record().timestamp()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(feedloop.store().feedback("default", "c1")).extracting(f -> f.record().explicitRating())
                .containsExactly(2);
        List<StoredFeedback> c3 = feedloop.store().feedback("default", "c3");
        assertThat(c3).singleElement().satisfies(f -> {
            assertThat(f.record().thumbs()).isEqualTo(Thumbs.DOWN);
            assertThat(f.record().timestamp()).isEqualTo(Instant.parse("2026-11-20T09:30:00Z"));
        });
    }

    @Test
    void importCsv_again_reportsOnlyDuplicates() throws IOException {
        Path file = Files.writeString(dir.resolve("events.csv"), CSV);
        importFile(file);

        FileImporter.Summary again = importFile(file);

        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(4);
        assertThat(again.rejected()).isEqualTo(4);
    }

    @Test
    void importCsv_unclosedQuote_isOneRejection_andTheImportEnds() throws IOException {
        Path file = Files.writeString(dir.resolve("open.csv"), String.join("\n",
                "type,request_id,prompt_version,user_input,llm_output",
                "response,u1,v1,q,a",
                "response,u2,v1,\"never closed,a",
                "response,u3,v1,q,a") + "\n");

        FileImporter.Summary summary = importFile(file);

        assertThat(summary.stored()).isEqualTo(1);
        assertThat(summary.rejected()).isEqualTo(1);
        assertThat(summary.firstRejections()).extracting(Rejection::index, Rejection::error)
                .containsExactly(tuple(3L, "malformed_csv"));
    }

    @Test
    void importCsv_withoutTypeColumn_infersTheKindOfEachRow() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.csv"), String.join("\r\n",
                "request_id,prompt_version,user_input,llm_output,event_id,thumbs",
                "p1,v1,q,a,,",
                "p1,,,,ev1,down",
                "p2,v1,q2,a2,ev2,up") + "\r\n");

        FileImporter.Summary summary = importFile(file);

        assertThat(summary.rejected()).isZero();
        assertThat(summary.stored()).isEqualTo(3);
        assertThat(feedloop.store().feedback("default", "p1")).extracting(f -> f.record().thumbs())
                .containsExactly(Thumbs.DOWN);
        assertThat(feedloop.store().response("default", "p2")).isPresent();
    }

    @Test
    void importJsonl_acrossWriteChunks_keepsLineNumbers() throws IOException {
        List<String> lines = new ArrayList<>();
        int total = Ingestor.MAX_ITEMS * 2 + 500;
        for (int i = 1; i <= total; i++) {
            String rating = i == 1_777 ? "0" : "4";
            lines.add("{\"type\":\"feedback\",\"request_id\":\"r" + (i % 50) + "\",\"event_id\":\"e" + i
                    + "\",\"explicit_rating\":" + rating + "}");
        }
        Path file = Files.write(dir.resolve("big.jsonl"), lines);

        FileImporter.Summary summary = importFile(file);

        assertThat(summary.stored()).isEqualTo(total - 1);
        assertThat(summary.firstRejections()).extracting(Rejection::index).containsExactly(1_777L);
    }

    @Test
    void importJsonl_twoObjectsOnOneLine_isRejectedNotHalfStored() throws IOException {
        Path file = Files.writeString(dir.resolve("joined.jsonl"),
                "{\"type\":\"feedback\",\"request_id\":\"j\",\"event_id\":\"j1\",\"thumbs\":\"up\"} "
                        + "{\"type\":\"feedback\",\"request_id\":\"j\",\"event_id\":\"j2\",\"thumbs\":\"up\"}\n");

        FileImporter.Summary summary = importFile(file);

        assertThat(summary.stored()).isZero();
        assertThat(summary.firstRejections()).extracting(Rejection::index, Rejection::error)
                .containsExactly(tuple(1L, "malformed_json"));
    }

    @Test
    void import_filesStartingWithAByteOrderMark_areReadAsWithout() throws IOException {
        // Excel's "CSV UTF-8" export and some Windows editors write EF BB BF first
        Path csv = Files.writeString(dir.resolve("excel.csv"),
                "\uFEFFtype,request_id,prompt_version,user_input,llm_output\nresponse,bom1,v1,q,a\n");
        Path jsonl = Files.writeString(dir.resolve("bom.jsonl"), "\uFEFF{\"type\":\"response\",\"request_id\":\"bom2\","
                + "\"prompt_version\":\"v1\",\"user_input\":\"q\",\"llm_output\":\"a\"}\n");

        FileImporter.Summary fromCsv = importFile(csv);
        FileImporter.Summary fromJsonl = importFile(jsonl);

        assertThat(fromCsv.firstRejections()).isEmpty();
        assertThat(fromCsv.stored()).isEqualTo(1);
        assertThat(fromJsonl.firstRejections()).isEmpty();
        assertThat(fromJsonl.stored()).isEqualTo(1);
    }

    @Test
    void import_manyBadLines_keepsTheFirstReasonsAndCountsAll() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            lines.add("{\"type\":\"feedback\",\"request_id\":\"r\",\"thumbs\":\"sideways\"}");
        }
        FileImporter.Summary summary = importFile(Files.write(dir.resolve("bad.jsonl"), lines));

        assertThat(summary.rejected()).isEqualTo(30);
        assertThat(summary.firstRejections()).hasSize(FileImporter.KEPT_REJECTIONS)
                .extracting(Rejection::index).startsWith(1L, 2L, 3L).isSorted();
    }

    @Test
    void import_missingFile_failsWithAReadableMessage() {
        Path missing = dir.resolve("nope.jsonl");
        assertThatThrownBy(() -> importFile(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope.jsonl");
    }
}
