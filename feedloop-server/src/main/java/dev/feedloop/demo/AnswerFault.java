package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A planted failure that lives in the answer rather than the question: it can spoil the answer
 * to any topic, so no group of similar questions holds it.
 */
abstract class AnswerFault implements Fault {

    @Override
    public final String scope() {
        return GroundTruth.Pattern.ALL_TOPICS;
    }

    @Override
    public final String view() {
        return GroundTruth.Pattern.ANSWER;
    }

    /**
     * The answer this fault makes of a {@code healthy} reply (not yet dressed), or {@code null} when
     * it leaves this one alone. Called for every reply, even one that another pattern made wrong
     * (the result is then dropped), so that its random draws do not depend on other patterns.
     */
    abstract Topic.Reply spoil(Topic topic, Topic.Turn turn, Topic.Reply healthy, SplittableRandom rng);

    final Topic.Reply faulty(String output, List<RetrievedDoc> context, boolean dress) {
        return new Topic.Reply(output, context, this, dress);
    }
}
