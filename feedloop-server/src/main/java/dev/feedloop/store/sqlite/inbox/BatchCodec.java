package dev.feedloop.store.sqlite.inbox;

import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.Thumbs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inbox's storage format of a validated {@link Batch}: a compact binary form written and read
 * only by the inbox ({@link InboxWriter}, {@link Applier}; the API's wire format is docs/records.md's,
 * parsed by {@code RecordParser}).
 * Every value in field order, strings as UTF-8 with a length (-1 for null), enums by name. Jackson over the
 * records cost 2.3 µs of the inbox writer's time per event under load (10 % of it); this is a
 * fraction of that. The first byte is the format version.
 */
final class BatchCodec {
    private static final int VERSION = 1;

    private BatchCodec() {
    }

    static byte[] encode(Batch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(batch.responses().size());
            for (ResponseRecord r : batch.responses()) {
                string(out, r.project());
                string(out, r.requestId());
                instant(out, r.timestamp());
                string(out, r.promptVersion());
                string(out, r.model());
                string(out, r.userInput());
                string(out, r.llmOutput());
                out.writeInt(r.retrievedContext().size());
                for (RetrievedDoc d : r.retrievedContext()) {
                    string(out, d.docId());
                    string(out, d.text());
                    out.writeBoolean(d.score() != null);
                    if (d.score() != null) {
                        out.writeDouble(d.score());
                    }
                }
                string(out, r.sessionId());
                string(out, r.userId());
                out.writeInt(r.tags().size());
                for (Map.Entry<String, String> tag : r.tags().entrySet()) {
                    string(out, tag.getKey());
                    string(out, tag.getValue());
                }
            }
            out.writeInt(batch.feedback().size());
            for (FeedbackRecord f : batch.feedback()) {
                string(out, f.project());
                string(out, f.eventId());
                string(out, f.requestId());
                instant(out, f.timestamp());
                string(out, f.implicitSignal() == null ? null : f.implicitSignal().name());
                out.writeByte(f.explicitRating() == null ? -1 : f.explicitRating());
                string(out, f.thumbs() == null ? null : f.thumbs().name());
                string(out, f.editedOutput());
                string(out, f.comment());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    static Batch decode(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IOException("unknown inbox format " + version);
            }
            int n = in.readInt();
            List<ResponseRecord> responses = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String project = string(in);
                String requestId = string(in);
                Instant ts = instant(in);
                String promptVersion = string(in);
                String model = string(in);
                String userInput = string(in);
                String llmOutput = string(in);
                int docCount = in.readInt();
                List<RetrievedDoc> docs = new ArrayList<>(docCount);
                for (int d = 0; d < docCount; d++) {
                    String docId = string(in);
                    String text = string(in);
                    Double score = in.readBoolean() ? in.readDouble() : null;
                    docs.add(new RetrievedDoc(docId, text, score));
                }
                String sessionId = string(in);
                String userId = string(in);
                int tagCount = in.readInt();
                Map<String, String> tags = new LinkedHashMap<>();
                for (int t = 0; t < tagCount; t++) {
                    tags.put(string(in), string(in));
                }
                responses.add(new ResponseRecord(project, requestId, ts, promptVersion, model, userInput, llmOutput,
                        docs, sessionId, userId, tags));
            }
            int m = in.readInt();
            List<FeedbackRecord> feedback = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                String project = string(in);
                String eventId = string(in);
                String requestId = string(in);
                Instant ts = instant(in);
                String signal = string(in);
                int rating = in.readByte();
                String thumbs = string(in);
                feedback.add(new FeedbackRecord(project, eventId, requestId, ts,
                        signal == null ? null : ImplicitSignal.valueOf(signal), rating < 0 ? null : rating,
                        thumbs == null ? null : Thumbs.valueOf(thumbs), string(in), string(in)));
            }
            return new Batch(responses, feedback);
        } catch (RuntimeException e) {
            throw new IOException("corrupt inbox entry: " + e.getMessage(), e);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void instant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
