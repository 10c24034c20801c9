package dev.feedloop.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Dropping raw text after a while (FEEDLOOP_RETAIN_TEXT_DAYS): the user's input, the output, the
 * retrieved documents' text, edited outputs and comments go; every row stays, with its time, prompt
 * version, model, flags, ratings, edit magnitude, document ids and scores, and its assignment to a
 * pattern, so that counts per pattern, day and prompt version (what verification compares) are
 * unchanged. A dropped text reads back empty.
 */
public interface RetentionStore {

    /** What one pass dropped: rows whose text went. */
    record Dropped(long responses, long feedback) {
        public Dropped plus(Dropped other) {
            return new Dropped(responses + other.responses, feedback + other.feedback);
        }
    }

    /**
     * Drops the text of the project's responses with a time in [from, to), and of their feedback, in
     * one transaction; rows whose text is gone already are left as they are.
     */
    Dropped dropText(String project, Instant from, Instant to);

    /** The time of the project's oldest response, empty when it has none. */
    Optional<Instant> oldestResponse(String project);

    /** Where the last completed retention pass of the project ended: text before it is gone. */
    Optional<Instant> textDroppedBefore(String project);

    /** Records where a completed retention pass ended. */
    void textDroppedBefore(String project, Instant cutoff);
}
