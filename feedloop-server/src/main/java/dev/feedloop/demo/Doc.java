package dev.feedloop.demo;

/**
 * A knowledge-base article of the fictional product.
 *
 * @param shared whether other topics may retrieve it as a (lower-scored) distractor; the
 *               documents that a planted pattern manipulates are kept to their own topic
 */
record Doc(String id, String area, String text, boolean shared) {
    Doc {
        if (id == null || !id.startsWith("kb-")) {
            throw new IllegalArgumentException("doc id must start with kb-: " + id);
        }
        SimResponse.requireText(area, "area");
        SimResponse.requireText(text, "text");
    }

    RetrievedDoc retrieved(double score) {
        return new RetrievedDoc(id, text, score);
    }
}
