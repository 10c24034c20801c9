package dev.feedloop.capture;

import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ResponseRecord;
import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.store.CaptureStore;
import dev.feedloop.store.WriteResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The one door through which records enter the store, shared by the HTTP API and the importer:
 * parses and validates each item, stores the valid ones in one durable write, and reports the rest.
 */
public final class Ingestor {
    /** Items per request, and per write of a file import. */
    public static final int MAX_ITEMS = 1_000;

    private final RecordParser parser;
    private final CaptureStore store;

    public Ingestor(RecordParser parser, CaptureStore store) {
        this.parser = parser;
        this.store = store;
    }

    /**
     * Ingests a request body: one object or an array of objects of the given kind.
     *
     * @param project the caller's project: items naming another project are rejected
     */
    public IngestReport ingest(RecordKind kind, JsonNode body, String project) {
        return ingest(items(kind, body), project);
    }

    /** One item to ingest, with the position to report if it is rejected. */
    public record Item(long index, RecordKind kind, JsonNode node) {
    }

    /**
     * Validates and stores items that may be of different kinds (a JSONL file chunk).
     *
     * @param project the caller's project, or null to accept any project (local import)
     */
    public IngestReport ingest(List<Item> items, String project) {
        return ingest(items, project, project == null ? "default" : project);
    }

    /**
     * As above, with the project given to items that name none (an import's {@code --project}).
     */
    public IngestReport ingest(List<Item> items, String project, String defaultProject) {
        Prepared prepared = prepare(items, project, defaultProject);
        return prepared.report(store.write(prepared.batch.build()));
    }

    /**
     * Ingests a request body without holding the caller's thread while the write commits.
     *
     * @param project the caller's project: items naming another project are rejected
     */
    public java.util.concurrent.CompletableFuture<IngestReport> ingestAsync(RecordKind kind, JsonNode body,
            String project) {
        Prepared prepared = prepare(items(kind, body), project, project);
        return store.writeAsync(prepared.batch.build()).thenApply(prepared::report);
    }

    private static List<Item> items(RecordKind kind, JsonNode body) {
        List<Item> typed = new ArrayList<>();
        if (body.isArray()) {
            for (int i = 0; i < body.size(); i++) {
                typed.add(new Item(i, kind, body.get(i)));
            }
        } else {
            typed.add(new Item(0, kind, body));
        }
        return typed;
    }

    /** Valid records ready to store, and what was rejected on the way. */
    private static final class Prepared {
        final RecordParser.BatchBuilder batch = new RecordParser.BatchBuilder();
        final List<Rejection> rejected = new ArrayList<>();
        // an event is one item although it stores a response and a feedback: count it by its feedback
        final List<Boolean> countedResponses = new ArrayList<>();

        IngestReport report(WriteResult result) {
            int stored = 0;
            int duplicates = 0;
            for (int i = 0; i < result.responsesStored().size(); i++) {
                if (countedResponses.get(i)) {
                    stored += result.responsesStored().get(i) ? 1 : 0;
                    duplicates += result.responsesStored().get(i) ? 0 : 1;
                }
            }
            for (boolean fresh : result.feedbackStored()) {
                stored += fresh ? 1 : 0;
                duplicates += fresh ? 0 : 1;
            }
            return new IngestReport(stored, duplicates, rejected);
        }
    }

    private Prepared prepare(List<Item> items, String project, String defaultProject) {
        Prepared prepared = new Prepared();
        for (Item item : items) {
            RecordParser.BatchBuilder one = new RecordParser.BatchBuilder();
            try {
                parser.parse(item.kind(), item.node(), defaultProject, one);
            } catch (InvalidFieldException e) {
                prepared.rejected.add(new Rejection(item.index(), "invalid_field", e.field(), e.getMessage()));
                continue;
            }
            String foreign = foreignProject(one, project);
            if (foreign != null) {
                prepared.rejected.add(new Rejection(item.index(), "forbidden_project", "project",
                        "this API key belongs to project '" + project + "', not '" + foreign + "'"));
                continue;
            }
            prepared.batch.responses.addAll(one.responses);
            prepared.batch.feedback.addAll(one.feedback);
            one.responses.forEach(r -> prepared.countedResponses.add(item.kind() != RecordKind.EVENT));
        }
        return prepared;
    }

    private static String foreignProject(RecordParser.BatchBuilder one, String project) {
        if (project == null) {
            return null;
        }
        for (ResponseRecord r : one.responses) {
            if (!r.project().equals(project)) {
                return r.project();
            }
        }
        for (FeedbackRecord f : one.feedback) {
            if (!f.project().equals(project)) {
                return f.project();
            }
        }
        return null;
    }
}
