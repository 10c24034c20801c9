package dev.feedloop.store;

import dev.feedloop.text.Links;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One document the application retrieved as context for a response. */
public record RetrievedDoc(String docId, String text, Double score) {
    public RetrievedDoc {
        Objects.requireNonNull(docId, "docId");
    }

    /** The documents' ids, in order. */
    public static List<String> ids(List<RetrievedDoc> docs) {
        List<String> ids = new ArrayList<>(docs.size());
        docs.forEach(d -> ids.add(d.docId()));
        return ids;
    }

    /** A context whose last document's text stops mid-sentence was probably cut to fit a budget. */
    public static boolean truncated(List<RetrievedDoc> docs) {
        if (docs.isEmpty()) {
            return false;
        }
        String text = docs.get(docs.size() - 1).text();
        if (text == null || text.isBlank()) {
            return false;
        }
        char last = text.strip().charAt(text.strip().length() - 1);
        return ".!?\"')]".indexOf(last) < 0;
    }

    /** The distinct links the documents' texts hold, normalised ({@link Links#in}). */
    public static List<String> links(List<RetrievedDoc> docs) {
        List<String> out = new ArrayList<>();
        for (RetrievedDoc d : docs) {
            for (String link : Links.in(d.text())) {
                if (!out.contains(link)) {
                    out.add(link);
                }
            }
        }
        return out;
    }
}
