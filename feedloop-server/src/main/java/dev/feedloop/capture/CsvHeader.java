package dev.feedloop.capture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The header row of a CSV import, checked once for the whole file: a misspelt or missing column
 * would otherwise reject every row with the same message, and a column named twice would keep
 * only one of its cells without a word.
 */
record CsvHeader(List<String> columns) {
    private static final List<String> RESPONSE = List.of("prompt_version", "user_input", "llm_output");
    private static final List<String> FEEDBACK = List.of("implicit_signal", "explicit_rating", "thumbs", "comment");

    /** What is wrong with the header, as a sentence, or empty when rows can be read under it. */
    Optional<String> problem() {
        return firstOf(unnamed(), twice(), unknown(), missingRequestId(), incompleteResponse(), nothingToStore());
    }

    @SafeVarargs
    private static Optional<String> firstOf(Optional<String>... problems) {
        for (Optional<String> p : problems) {
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private Optional<String> unnamed() {
        int blank = columns.indexOf("");
        return blank < 0 ? Optional.empty()
                : Optional.of("the header's column " + (blank + 1) + " has no name");
    }

    private Optional<String> twice() {
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (!seen.add(column)) {
                return Optional.of("the header names the column '" + column + "' twice");
            }
        }
        return Optional.empty();
    }

    private Optional<String> unknown() {
        List<String> unknown = new ArrayList<>();
        for (String column : columns) {
            if (!RecordParser.EVENT_FIELDS.contains(column)) {
                unknown.add("'" + column + "'");
            }
        }
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the header names unknown " + (unknown.size() == 1 ? "column " : "columns ")
                + String.join(", ", unknown) + " (the columns are: "
                + String.join(", ", new TreeSet<>(RecordParser.EVENT_FIELDS)) + ")");
    }

    private Optional<String> missingRequestId() {
        return columns.contains("request_id") ? Optional.empty()
                : Optional.of("the header has no request_id column; every row needs one");
    }

    /** Some response columns but not all: no row could be stored as a response. */
    private Optional<String> incompleteResponse() {
        List<String> missing = RESPONSE.stream().filter(c -> !columns.contains(c)).toList();
        if (missing.isEmpty() || missing.size() == RESPONSE.size()) {
            return Optional.empty();
        }
        return Optional.of("the header lacks the " + (missing.size() == 1 ? "column " : "columns ")
                + String.join(", ", missing) + "; a response needs prompt_version, user_input and llm_output");
    }

    private Optional<String> nothingToStore() {
        boolean response = columns.containsAll(RESPONSE);
        boolean feedback = FEEDBACK.stream().anyMatch(columns::contains);
        return response || feedback ? Optional.empty()
                : Optional.of("the header has neither the columns of a response (" + String.join(", ", RESPONSE)
                        + ") nor one of feedback (" + String.join(", ", FEEDBACK) + ")");
    }
}
