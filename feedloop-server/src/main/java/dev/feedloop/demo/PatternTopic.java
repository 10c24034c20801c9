package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/** A topic with a planted failure pattern: it knows when it fails and how users complain. */
abstract class PatternTopic extends TemplatedTopic {

    PatternTopic(String id, String area, List<Template> questions, Vocabulary vocabulary) {
        super(id, area, questions, vocabulary);
    }

    abstract PatternPlan plan();

    /** Share of wrong answers that users react to negatively; the rest slip through as accepted. */
    abstract double noticeRate();

    /** The negative reaction of a user who noticed that {@code reply} is wrong. */
    abstract FeedbackDraft complain(Turn turn, Reply reply, SplittableRandom rng);

    Reply healthy(String output, List<RetrievedDoc> context) {
        return new Reply(output, context, null, true);
    }

    Reply faulty(String output, List<RetrievedDoc> context, boolean dress) {
        return new Reply(output, context, this, dress);
    }
}
