package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/** A healthy topic written in the catalogue: its answers are right and its documents are found. */
final class CatalogTopic extends TemplatedTopic {
    private final List<Template> answers;
    private final List<Doc> docs;
    private final Library library;

    CatalogTopic(String id, String area, List<Template> questions, List<Template> answers, List<Doc> docs,
                 Vocabulary vocabulary, Library library) {
        super(id, area, questions, vocabulary);
        if (answers.isEmpty() || docs.isEmpty()) {
            throw new IllegalArgumentException("topic " + id + " needs at least one answer and one doc");
        }
        this.answers = List.copyOf(answers);
        this.docs = List.copyOf(docs);
        this.library = library;
    }

    @Override
    public Reply reply(Turn turn, SplittableRandom rng) {
        String output = Text.pick(answers, rng).render(rng, turn.ask().slots().copy());
        return new Reply(output, library.context(docs, area(), rng), null, true);
    }
}
