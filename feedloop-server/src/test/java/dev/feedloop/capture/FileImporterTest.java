package dev.feedloop.capture;

import dev.feedloop.store.Thumbs;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.RetrievedDoc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.feedloop.Feedloop;
import dev.feedloop.PlainMessages;
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

    @Test
    void importJsonl_malformedLines_areDescribedInPlainWordsWithTheirColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.jsonl"), String.join("\n",
                "{\"type\":\"feedback\", broken",
                "{\"type\":\"feedback\",\"request_id\":\"r\",\"explicit_rating\":NaN}",
                "{\"type\":\"response\",\"request_id\":\"x\"",
                "[" .repeat(1_001) + "]".repeat(1_001)) + "\n");

        FileImporter.Summary summary = importFile(file);

        assertThat(summary.firstRejections()).extracting(Rejection::index, Rejection::message).containsExactly(
                tuple(1L, "the line is not valid JSON: expected a field name in double quotes, found 'b' (column 21)"),
                tuple(2L, "the line is not valid JSON: NaN and Infinity are not JSON numbers (column 58)"),
                tuple(3L, "the line is not valid JSON: it ends before '}' closes an object (column 36)"),
                tuple(4L, "the line nests arrays or objects more than 1000 deep"));
    }

    @Test
    void importJsonl_lineThatIsNotUtf8_isRejectedNotStoredWithReplacementCharacters() throws IOException {
        byte[] latin1 = "{\"type\":\"response\",\"request_id\":\"caf\u00e9\",\"prompt_version\":\"v1\",\"user_input\":\"q\",\"llm_output\":\"a\"}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] good = (JSONL.get(0) + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path file = dir.resolve("latin1.jsonl");
        Files.write(file, concat(good, latin1));

        FileImporter.Summary summary = importFile(file);

        assertThat(summary.stored()).isEqualTo(1);
        assertThat(summary.firstRejections()).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(2);
            assertThat(r.message()).isEqualTo("the line is not valid JSON: the text is not UTF-8 (JSON must be UTF-8) (column 39)");
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void importJsonl_oldMacLineEnds_areLinesToo() throws IOException {
        Path file = Files.writeString(dir.resolve("mac.jsonl"), JSONL.get(0) + "\r" + JSONL.get(1) + "\r");

        FileImporter.Summary summary = importFile(file);

        assertThat(summary.lines()).isEqualTo(2);
        assertThat(summary.stored()).isEqualTo(2);
    }

    @Test
    void import_emptyFiles_storeNothingAndSaySo_whateverTheFormat() throws IOException {
        for (String name : List.of("empty.csv", "empty.jsonl", "blank.csv", "blank.jsonl")) {
            Path file = Files.writeString(dir.resolve(name), name.startsWith("blank") ? "\n  \n" : "");

            FileImporter.Summary summary = importFile(file);

            assertThat(summary.stored()).as(name).isZero();
            assertThat(summary.rejected()).as(name).isZero();
            assertThat(summary.note()).as(name).isEqualTo("the file is empty");
        }
    }

    @Test
    void importCsv_headerOnly_saysThereAreNoRows() throws IOException {
        Path file = Files.writeString(dir.resolve("header.csv"), "request_id,thumbs\n");

        assertThat(importFile(file).note()).isEqualTo("the file has a header but no rows");
    }

    @Test
    void importCsv_unknownColumns_areNamed_andNothingIsStored() throws IOException {
        Path file = Files.writeString(dir.resolve("extra.csv"), "request_id,thumbs,Thumbs,notes\nr1,up,,x\n");

        assertThatThrownBy(() -> importFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot import " + file + ": the header names unknown columns 'Thumbs', 'notes'"
                        + " (the columns are: comment, edited_output, event_id");
        assertThat(feedloop.store().feedback("default", "r1")).isEmpty();
    }

    @Test
    void importCsv_headerWithoutRequestId_saysSo() throws IOException {
        Path file = Files.writeString(dir.resolve("noid.csv"), "event_id,thumbs\ne1,up\n");

        assertThatThrownBy(() -> importFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot import " + file + ": the header has no request_id column; every row needs one");
    }

    @Test
    void importCsv_headerWithPartOfAResponse_namesTheMissingColumns() throws IOException {
        Path file = Files.writeString(dir.resolve("half.csv"), "request_id,llm_output\nr1,a\n");

        assertThatThrownBy(() -> importFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot import " + file + ": the header lacks the columns prompt_version, user_input;"
                        + " a response needs prompt_version, user_input and llm_output");
    }

    @Test
    void importCsv_headerWithNothingToStore_saysWhatIsNeeded() throws IOException {
        Path file = Files.writeString(dir.resolve("ids.csv"), "request_id,project\nr1,p\n");

        assertThatThrownBy(() -> importFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot import " + file + ": the header has neither the columns of a response"
                        + " (prompt_version, user_input, llm_output) nor one of feedback"
                        + " (implicit_signal, explicit_rating, thumbs, comment)");
    }

    @Test
    void importCsv_columnNamedTwice_isNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("twice.csv"), "request_id,thumbs,thumbs\nr1,up,down\n");

        assertThatThrownBy(() -> importFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot import " + file + ": the header names the column 'thumbs' twice");
    }

    @Test
    void importCsv_blankFirstLine_saysTheHeaderComesFirst() throws IOException {
        Path file = Files.writeString(dir.resolve("late.csv"), "\nrequest_id,thumbs\nr1,up\n");

        assertThatThrownBy(() -> importFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot import " + file + ": the first line is blank; a CSV file starts with its header row");
    }

    @Test
    void importCsv_rowProblems_areDescribedInPlainWords() throws IOException {
        FileImporter.Summary summary = importFile(Files.writeString(dir.resolve("events.csv"), CSV));

        assertThat(summary.firstRejections()).extracting(Rejection::message).allSatisfy(PlainMessages::assertPlain);
        assertThat(summary.firstRejections()).extracting(Rejection::index, Rejection::message).contains(
                tuple(5L, "retrieved_context is not valid JSON: 'oops' is not a JSON value"
                        + " (text needs double quotes; the words are true, false and null)"),
                tuple(8L, "the row has more cells than the header's 11 columns"));
    }

    @Test
    void importCsv_unclosedQuote_saysTheRestOfTheFileWasSwallowed() throws IOException {
        Path file = Files.writeString(dir.resolve("open.csv"), String.join("\n",
                "type,request_id,prompt_version,user_input,llm_output",
                "response,u1,v1,q,a",
                "response,u2,v1,\"never closed,a",
                "response,u3,v1,q,a") + "\n");

        assertThat(importFile(file).firstRejections()).extracting(Rejection::message).containsExactly(
                "a quoted cell is not closed (a '\"' is missing), so the rest of the file was read as that cell");
    }

    @Test
    void importCsv_notUtf8_isRejectedWhereReadingStopped_notStoredWithReplacementCharacters() throws IOException {
        byte[] head = "request_id,prompt_version,user_input,llm_output\nr1,v1,q,a\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        byte[] latin1 = "r2,v1,caf\u00e9,a\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("latin1.csv");
        Files.write(file, concat(head, latin1));

        FileImporter.Summary summary = importFile(file);

        assertThat(feedloop.store().response("default", "r2")).isEmpty();
        assertThat(summary.rejected()).isEqualTo(1);
        assertThat(summary.firstRejections().get(0).message())
                .isEqualTo("the file is not UTF-8 text from this line on (save it as UTF-8); the rest was not read");
    }

    @Test
    void check_folder_missingFile_andBinaryData_areSentences() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("exports"));
        Path binary = Files.write(dir.resolve("data.jsonl"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        Path utf16 = Files.write(dir.resolve("excel.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 'r', 0, '\n', 0});

        assertThatThrownBy(() -> FileImporter.check(folder)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot import " + folder + ": it is a folder; name the JSONL or CSV files in it");
        assertThatThrownBy(() -> FileImporter.check(dir.resolve("gone.jsonl"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot import " + dir.resolve("gone.jsonl") + ": there is no such file");
        assertThatThrownBy(() -> FileImporter.check(binary)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot import " + binary + ": it holds binary data, not JSONL or CSV text");
        assertThatThrownBy(() -> FileImporter.check(utf16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot import " + utf16 + ": it is UTF-16 text; save it as UTF-8");
    }

    @Test
    void importFile_folder_failsWithASentence() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("exports"));

        assertThatThrownBy(() -> importFile(folder)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot import " + folder + ": it is a folder; name the JSONL or CSV files in it");
    }

    @Test
    void import_loneSurrogate_isRejectedNamingTheField_inJsonlAndInCsvJsonCells() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("surrogate.jsonl"), "{\"type\":\"response\",\"request_id\":\"s1\","
                + "\"prompt_version\":\"v1\",\"user_input\":\"q\\ud800\",\"llm_output\":\"a\"}\n");
        Path csv = Files.writeString(dir.resolve("surrogate.csv"), "request_id,prompt_version,user_input,llm_output,tags\n"
                + "s2,v1,q,a,\"{\"\"env\"\":\"\"\\udc00\"\"}\"\n");

        assertThat(importFile(jsonl).firstRejections()).extracting(Rejection::index, Rejection::field)
                .containsExactly(tuple(1L, "user_input"));
        assertThat(importFile(csv).firstRejections()).extracting(Rejection::index, Rejection::field)
                .containsExactly(tuple(2L, "tags.env"));
        assertThat(feedloop.store().response("default", "s1")).isEmpty();
        assertThat(feedloop.store().response("default", "s2")).isEmpty();
    }
}
