package dev.feedloop.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams JSONL and CSV files (docs/records.md) into the store in chunks, in constant memory: each
 * chunk is one durable write, so an interrupted import can simply be run again (records already
 * stored come back as duplicates).
 */
public final class FileImporter {
    /** Receives progress: bytes read so far of the file's total. */
    public interface Progress {
        void update(Path file, long bytesRead, long totalBytes, long lines);
    }

    /** How many rejected lines a summary keeps, with reasons; the count covers all of them. */
    public static final int KEPT_REJECTIONS = 20;
    private static final Set<String> NUMERIC = Set.of("explicit_rating");
    private static final Set<String> JSON_COLUMNS = Set.of("retrieved_context", "tags");
    /** Bytes looked at to tell text from binary data. */
    private static final int SNIFFED = 8_192;
    private static final String EMPTY = "the file is empty";
    private static final Pattern TOO_MANY_CELLS = Pattern.compile("Too many entries: expected at most (\\d+).*",
            Pattern.DOTALL);

    private final Ingestor ingestor;
    private final String defaultProject;
    /** Two objects on one line are an error, not the first of them stored and the second dropped. */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public FileImporter(Ingestor ingestor) {
        this(ingestor, "default");
    }

    /**
     * @param defaultProject the project of records that name none (feedback rarely does: it
     *                       belongs to its response's project)
     * @throws IllegalArgumentException for an invalid project name
     */
    public FileImporter(Ingestor ingestor, String defaultProject) {
        if (!RecordParser.isValidProject(defaultProject)) {
            throw new IllegalArgumentException("invalid project name '" + defaultProject + "'");
        }
        this.ingestor = ingestor;
        this.defaultProject = defaultProject;
    }

    /**
     * The outcome of one file.
     *
     * @param note what a reader should know beyond the counts (the file is empty), or null
     */
    public record Summary(Path file, long lines, long stored, long duplicates, long rejected, List<Rejection> firstRejections,
            String note) {
    }

    /**
     * Checks that a file can be imported at all, without importing it: it exists, is a readable
     * file, holds text, and a CSV file's header names known columns. The import command checks
     * every file before it opens the database, so one bad name does not leave a half import.
     *
     * @throws IllegalArgumentException saying what is wrong with the file, and what to do
     */
    public static void check(Path file) {
        if (Files.isDirectory(file)) {
            throw notImportable(file, "it is a folder; name the JSONL or CSV files in it");
        }
        try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            skipByteOrderMark(in);
            checkText(in, file);
            if (isCsv(file) && !isBlank(in)) {
                openCsv(in, file).close();
            }
        } catch (IOException e) {
            throw notImportable(file, unreadable(e));
        }
    }

    /**
     * Imports one file, by its extension: {@code .csv} is CSV with a header row, anything else JSONL.
     *
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException when it is not text, or a CSV header names unknown columns
     */
    public Summary importFile(Path file, Progress progress) {
        if (Files.isDirectory(file)) {
            throw unreadable(file, new FileSystemException(file.toString(), null, "is a directory"));
        }
        long total;
        try {
            total = Files.size(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        Tally tally = new Tally(file);
        try (BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                CountingStream in = new CountingStream(raw)) {
            skipByteOrderMark(raw);
            checkText(raw, file);
            Runnable tick = () -> progress.update(file, in.count, total, tally.lines);
            if (isBlank(raw)) {
                tally.note = EMPTY; // as a CSV file it would fail for want of a header
            } else if (isCsv(file)) {
                readCsv(in, file, tally, tick);
            } else {
                readJsonl(in, tally, tick);
            }
            tally.flush();
            tick.run();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return tally.summary();
    }

    private static boolean isCsv(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    private static IllegalArgumentException notImportable(Path file, String why) {
        return new IllegalArgumentException("cannot import " + file + ": " + why);
    }

    private static UncheckedIOException unreadable(Path file, IOException e) {
        return new UncheckedIOException("cannot import " + file + ": " + unreadable(e), e);
    }

    /** The JDK's reason for a failed read, in words: its exceptions carry the path as their message. */
    private static String unreadable(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "there is no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "no permission to read it";
        }
        if (e instanceof FileSystemException fs && "is a directory".equals(fs.getReason())
                || "Is a directory".equals(e.getMessage())) {
            return "it is a folder; name the JSONL or CSV files in it";
        }
        return "reading failed (" + (e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage()) + ")";
    }

    /**
     * Refuses binary data and UTF-16 text at once: read as lines, either would only reject every
     * line with reasons that do not say what is wrong with the file.
     */
    private static void checkText(BufferedInputStream in, Path file) throws IOException {
        in.mark(SNIFFED);
        byte[] head = in.readNBytes(SNIFFED);
        in.reset();
        if (head.length >= 2 && ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE
                || (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)) {
            throw notImportable(file, "it is UTF-16 text; save it as UTF-8");
        }
        for (byte b : head) {
            if (b == 0) {
                throw notImportable(file, "it holds binary data, not JSONL or CSV text");
            }
        }
    }

    /** True when all that is left is white space (looking at most {@link #SNIFFED} bytes ahead). */
    private static boolean isBlank(InputStream in) throws IOException {
        in.mark(SNIFFED + 1);
        byte[] head = in.readNBytes(SNIFFED + 1);
        in.reset();
        return head.length <= SNIFFED && ByteLines.isBlank(trimLineEnds(head));
    }

    private static byte[] trimLineEnds(byte[] bytes) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\n' || out[i] == '\r') {
                out[i] = ' ';
            }
        }
        return out;
    }

    /** Excel's "CSV UTF-8" export starts with a byte-order mark, which would otherwise open the first field name. */
    private static void skipByteOrderMark(InputStream in) throws IOException {
        in.mark(3);
        byte[] head = in.readNBytes(3);
        if (head.length < 3 || (head[0] & 0xff) != 0xEF || (head[1] & 0xff) != 0xBB || (head[2] & 0xff) != 0xBF) {
            in.reset();
        }
    }

    private void readJsonl(InputStream in, Tally tally, Runnable tick) throws IOException {
        ByteLines lines = new ByteLines(in);
        byte[] line;
        long number = 0;
        boolean anything = false;
        while ((line = lines.next()) != null) {
            number++;
            tally.lines = number;
            if (line == ByteLines.TOO_LONG) {
                tally.reject(new Rejection(number, "line_too_long", null, "the line is over "
                        + (ByteLines.MAX_LINE >> 20) + " MiB; no record is that large, so it was skipped"));
                anything = true;
                continue;
            }
            if (ByteLines.isBlank(line)) {
                continue;
            }
            anything = true;
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (IOException e) {
                tally.reject(new Rejection(number, "malformed_json", null, JsonProblem.of(e).inLine().describe("the line")));
                continue;
            }
            tally.add(number, node, tick);
        }
        if (!anything) {
            tally.note = EMPTY;
        }
    }

    private void readCsv(InputStream in, Path file, Tally tally, Runnable tick) throws IOException {
        try (MappingIterator<Map<String, String>> rows = openCsv(in, file)) {
            tally.lines = 1;
            long lastFailure = -1;
            boolean anyRow = false;
            while (true) {
                Map<String, String> row;
                long number = tally.lines + 1;
                try {
                    if (!rows.hasNextValue()) {
                        break;
                    }
                    // a row's first token is located on the line before it, where that line's break is
                    number = rows.getParser().currentTokenLocation().getLineNr() + 1;
                    row = rows.nextValue();
                } catch (CharacterCodingException e) {
                    tally.reject(new Rejection(number, "malformed_csv", null,
                            "the file is not UTF-8 text from this line on (save it as UTF-8); the rest was not read"));
                    tally.lines = number;
                    break;
                } catch (IOException | RuntimeException e) {
                    tally.lines = number;
                    // the parser resumes at the next row (a row with too many cells); stop only when stuck
                    long at = rows.getCurrentLocation() == null ? -1 : rows.getCurrentLocation().getCharOffset();
                    if (at <= lastFailure) {
                        tally.reject(new Rejection(number, "malformed_csv", null,
                                "the file cannot be read as CSV from this line on; the rest was not read"));
                        break;
                    }
                    lastFailure = at;
                    tally.reject(new Rejection(number, "malformed_csv", null, csvProblem(e)));
                    anyRow = true;
                    continue;
                }
                tally.lines = number;
                anyRow = true;
                if (row.values().stream().allMatch(v -> v == null || v.isEmpty())) {
                    continue; // a blank line, skipped as in JSONL
                }
                try {
                    tally.add(number, csvRow(row), tick);
                } catch (InvalidFieldException e) {
                    tally.reject(new Rejection(number, "invalid_field", e.field(), e.getMessage()));
                }
            }
            if (!anyRow) {
                tally.note = "the file has a header but no rows";
            }
        }
    }

    /**
     * Starts reading a CSV file and checks its header. Bytes that are not UTF-8 stop the reading
     * where they are instead of being replaced, so a file saved in another encoding is not stored altered.
     *
     * @throws IllegalArgumentException when the header is blank, not text, or names wrong columns
     */
    private static MappingIterator<Map<String, String>> openCsv(InputStream in, Path file) throws IOException {
        MappingIterator<Map<String, String>> rows;
        try {
            rows = new CsvMapper().readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader())
                    .readValues(new StrictUtf8Reader(in));
        } catch (CharacterCodingException e) {
            throw notImportable(file, "the header is not UTF-8 text; save the file as UTF-8");
        } catch (JsonProcessingException e) {
            throw notImportable(file, e.getOriginalMessage().startsWith("Empty header")
                    ? "the first line is blank; a CSV file starts with its header row"
                    : "its header row is not valid CSV");
        }
        List<String> columns = new ArrayList<>();
        ((CsvParser) rows.getParser()).getSchema().forEach(c -> columns.add(c.getName().trim()));
        var problem = new CsvHeader(columns).problem();
        if (problem.isPresent()) {
            rows.close();
            throw notImportable(file, problem.get());
        }
        return rows;
    }

    /** Why a row is not CSV, in words: Jackson's say "value #11 (5 chars)" and worse. */
    private static String csvProblem(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
        Matcher tooMany = TOO_MANY_CELLS.matcher(message);
        if (tooMany.matches()) {
            return "the row has more cells than the header's " + tooMany.group(1) + " columns";
        }
        if (message.startsWith("Missing closing quote")) {
            return "a quoted cell is not closed (a '\"' is missing), so the rest of the file was read as that cell";
        }
        if (message.contains("column separator")) {
            return "a quoted cell goes on after its closing quote (inside quotes, write a '\"' as '\"\"')";
        }
        return "the row is not valid CSV";
    }

    /** CSV cells are strings: numbers and JSON columns are converted, empty cells mean absent. */
    private ObjectNode csvRow(Map<String, String> row) {
        ObjectNode node = json.createObjectNode();
        for (Map.Entry<String, String> cell : row.entrySet()) {
            String name = cell.getKey().trim();
            String value = cell.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (NUMERIC.contains(name) || (name.equals("timestamp") && value.matches("-?\\d+(\\.\\d+)?"))) {
                try {
                    node.set(name, json.readTree(value.trim()));
                } catch (JsonProcessingException e) {
                    node.put(name, value);
                }
            } else if (JSON_COLUMNS.contains(name)) {
                try {
                    node.set(name, json.readTree(value));
                } catch (JsonProcessingException e) {
                    throw new InvalidFieldException(name, JsonProblem.of(e).unlocated().describe(name));
                }
            } else {
                node.put(name, value);
            }
        }
        return node;
    }

    /** Infers the kind of an untyped item from its fields (files without a "type" column). */
    static RecordKind kindOf(JsonNode node) {
        JsonNode type = node.get("type");
        if (type != null && !type.isNull()) {
            return RecordKind.fromWire(type.asText()).orElseThrow(() -> new InvalidFieldException("type",
                    "type must be response, feedback or event; got '" + type.asText() + "'"));
        }
        boolean response = node.has("llm_output");
        boolean feedback = node.has("implicit_signal") || node.has("explicit_rating") || node.has("thumbs")
                || node.has("comment");
        if (response && feedback) {
            return RecordKind.EVENT;
        }
        return response ? RecordKind.RESPONSE : RecordKind.FEEDBACK;
    }

    private final class Tally {
        private final Path file;
        private final List<Ingestor.Item> chunk = new ArrayList<>();
        private final List<Rejection> first = new ArrayList<>();
        private long lines;
        private long stored;
        private long duplicates;
        private long rejected;
        private long lastTick;
        private String note;

        Tally(Path file) {
            this.file = file;
        }

        void add(long line, JsonNode node, Runnable tick) {
            RecordKind kind;
            try {
                kind = kindOf(node);
            } catch (InvalidFieldException e) {
                reject(new Rejection(line, "invalid_field", e.field(), e.getMessage()));
                return;
            }
            if (node.isObject() && node.has("type")) {
                ((ObjectNode) node).remove("type");
            }
            chunk.add(new Ingestor.Item(line, kind, node));
            if (chunk.size() >= Ingestor.MAX_ITEMS) {
                flush();
                long now = System.nanoTime();
                if (now - lastTick > 200_000_000L) {
                    tick.run();
                    lastTick = now;
                }
            }
        }

        void reject(Rejection r) {
            rejected++;
            if (first.size() < KEPT_REJECTIONS) {
                first.add(r);
            }
        }

        void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            IngestReport report = ingestor.ingest(chunk, null, defaultProject);
            stored += report.stored();
            duplicates += report.duplicates();
            report.rejected().forEach(this::reject);
            chunk.clear();
        }

        Summary summary() {
            List<Rejection> sorted = new ArrayList<>(first);
            sorted.sort(java.util.Comparator.comparingLong(Rejection::index));
            return new Summary(file, lines, stored, duplicates, rejected, sorted, note);
        }
    }

    private static final class CountingStream extends FilterInputStream {
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
