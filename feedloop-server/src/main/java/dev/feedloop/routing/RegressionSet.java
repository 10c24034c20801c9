package dev.feedloop.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.store.CaptureStore;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.StoredResponse;
import dev.feedloop.store.TriageStore;
import dev.feedloop.triage.redact.Redactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A pattern's failing cases as a regression set for a fix: the redacted input, the ids of the
 * documents retrieved for it, the failed output, the user's edited output as the reference answer
 * where they edited it, and what the user did. In JSONL, CSV or promptfoo's test-case shape
 * ({@code vars}, {@code assert}).
 */
public final class RegressionSet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TriageStore triage;
    private final CaptureStore capture;
    private final Redactor redactor;

    public RegressionSet(TriageStore triage, CaptureStore capture, Redactor redactor) {
        this.triage = triage;
        this.capture = capture;
        this.redactor = redactor;
    }

    /** One failing case, redacted. {@code reference} is null when the user did not edit the output. */
    public record Case(String requestId, String patternId, String input, List<String> contextDocIds,
            String failedOutput, String reference, String signal) {
    }

    /** The formats of {@link #write}. */
    public enum Format {
        JSONL, CSV, PROMPTFOO;

        public static Format of(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "jsonl" -> JSONL;
                case "csv" -> CSV;
                case "promptfoo" -> PROMPTFOO;
                default -> throw new IllegalArgumentException("--format must be jsonl, csv or promptfoo; got '"
                        + name + "'");
            };
        }
    }

    /** Every case assigned to the pattern, oldest first. */
    public List<Case> cases(String project, String patternId) {
        List<Case> out = new ArrayList<>();
        for (String id : triage.members(project, patternId, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"))) {
            Optional<StoredResponse> r = capture.response(project, id);
            if (r.isEmpty()) {
                continue;
            }
            Reaction reaction = Reaction.of(capture, r.get());
            String edit = reaction.lastEdit();
            String reference = edit == null ? null : redactor.redact(edit);
            List<String> did = reaction.words("reasked", "rating", null);
            out.add(new Case(id, patternId, redactor.redact(r.get().record().userInput()),
                    r.get().record().retrievedContext().stream().map(RetrievedDoc::docId).toList(),
                    redactor.redact(r.get().record().llmOutput()), reference, String.join(", ", did)));
        }
        return out;
    }

    public String write(List<Case> cases, Format format) {
        StringBuilder out = new StringBuilder();
        switch (format) {
            case JSONL -> cases.forEach(c -> out.append(json(c)).append('\n'));
            case CSV -> {
                out.append("request_id,pattern_id,input,context_doc_ids,failed_output,reference,signal\r\n");
                for (Case c : cases) {
                    out.append(String.join(",", csv(c.requestId()), csv(c.patternId()), csv(c.input()),
                            csv(String.join(" ", c.contextDocIds())), csv(c.failedOutput()), csv(c.reference()),
                            csv(c.signal()))).append("\r\n");
                }
            }
            case PROMPTFOO -> out.append(promptfoo(cases).toPrettyString()).append('\n');
        }
        return out.toString();
    }

    public static ObjectNode json(Case c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("request_id", c.requestId());
        node.put("pattern_id", c.patternId());
        node.put("input", c.input());
        ArrayNode docs = node.putArray("context_doc_ids");
        c.contextDocIds().forEach(docs::add);
        node.put("failed_output", c.failedOutput());
        node.put("reference", c.reference());
        node.put("signal", c.signal());
        return node;
    }

    /**
     * promptfoo test cases: {@code vars} (input, context doc ids), {@code assert} (the output must
     * not repeat the failed one; where the user edited it, it must be similar to their edit).
     */
    public static ArrayNode promptfoo(List<Case> cases) {
        ArrayNode tests = JSON.createArrayNode();
        for (Case c : cases) {
            ObjectNode test = tests.addObject();
            test.put("description", c.patternId() + " " + c.requestId() + (c.signal().isEmpty() ? ""
                    : " (" + c.signal() + ")"));
            ObjectNode vars = test.putObject("vars");
            vars.put("input", c.input());
            vars.put("context_doc_ids", String.join(" ", c.contextDocIds()));
            ArrayNode asserts = test.putArray("assert");
            asserts.addObject().put("type", "not-equals").put("value", c.failedOutput());
            if (c.reference() != null) {
                asserts.addObject().put("type", "similar").put("value", c.reference()).put("threshold", 0.8);
            }
            ObjectNode meta = test.putObject("metadata");
            meta.put("pattern_id", c.patternId());
            meta.put("request_id", c.requestId());
            meta.put("failed_output", c.failedOutput());
        }
        return tests;
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        String v = value.startsWith("=") || value.startsWith("+") || value.startsWith("-") || value.startsWith("@")
                ? "'" + value : value; // no spreadsheet formulas from user text
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
