package dev.feedloop.routing;

import dev.feedloop.store.CaptureStore;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.StoredFeedback;
import dev.feedloop.store.StoredResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a user did with one response, as a ticket and a regression set both tell it: its signals in
 * the order they arrived, and the last edit of the output (the reference answer). Texts are raw:
 * each caller redacts what it shows.
 */
record Reaction(boolean reasked, List<FeedbackRecord> feedback) {
    Reaction {
        feedback = List.copyOf(feedback);
    }

    static Reaction of(CaptureStore store, StoredResponse response) {
        String project = response.record().project();
        String requestId = response.record().requestId();
        return new Reaction(response.reasked(), store.feedback(project, requestId).stream()
                .map(StoredFeedback::record).toList());
    }

    /** The user's last edit of the output, or null when there is none. */
    String lastEdit() {
        String edit = null;
        for (FeedbackRecord f : feedback) {
            if (f.editedOutput() != null) {
                edit = f.editedOutput();
            }
        }
        return edit;
    }

    /**
     * The signals as words, in order: the re-ask first, then per event its implicit signal, rating
     * and thumbs, and its comment when {@code comment} renders one (null leaves comments out).
     */
    List<String> words(String reaskedWord, String ratingWord, Function<String, String> comment) {
        List<String> did = new ArrayList<>();
        if (reasked) {
            did.add(reaskedWord);
        }
        for (FeedbackRecord f : feedback) {
            if (f.implicitSignal() != null) {
                did.add(f.implicitSignal().wire());
            }
            if (f.explicitRating() != null) {
                did.add(ratingWord + " " + f.explicitRating());
            }
            if (f.thumbs() != null) {
                did.add("thumbs " + f.thumbs().wire());
            }
            if (comment != null && f.comment() != null) {
                did.add(comment.apply(f.comment()));
            }
        }
        return did;
    }
}
