package dev.feedloop.demo;

import java.util.List;

/** A topic with a planted failure pattern: it knows when it fails and how users complain. */
abstract class PatternTopic extends TemplatedTopic implements Fault {

    PatternTopic(String id, String area, List<Template> questions, Vocabulary vocabulary) {
        super(id, area, questions, vocabulary);
    }

    @Override
    public final String scope() {
        return id();
    }

    @Override
    public final String view() {
        return GroundTruth.Pattern.QUESTION;
    }

    @Override
    public final boolean exposes(Topic topic, String model) {
        return topic == this;
    }

    Reply healthy(String output, List<RetrievedDoc> context) {
        return new Reply(output, context, null, true);
    }

    Reply faulty(String output, List<RetrievedDoc> context, boolean dress) {
        return new Reply(output, context, this, dress);
    }
}
