package dev.feedloop.store;

import java.util.List;

/** Per item of a {@link dev.feedloop.store.Batch}: true when newly stored, false when a duplicate. */
public record WriteResult(List<Boolean> responsesStored, List<Boolean> feedbackStored) {
    public WriteResult {
        responsesStored = List.copyOf(responsesStored);
        feedbackStored = List.copyOf(feedbackStored);
    }

    public int stored() {
        return count(true);
    }

    public int duplicates() {
        return count(false);
    }

    private int count(boolean value) {
        int n = 0;
        for (Boolean b : responsesStored) {
            n += b == value ? 1 : 0;
        }
        for (Boolean b : feedbackStored) {
            n += b == value ? 1 : 0;
        }
        return n;
    }
}
