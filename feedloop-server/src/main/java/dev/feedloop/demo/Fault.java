package dev.feedloop.demo;

import java.util.SplittableRandom;

/**
 * A planted failure pattern: what was planted, which responses it can reach, and how users who
 * notice a wrong answer react. Question-side faults are topics ({@link PatternTopic}); answer-side
 * ones ({@link AnswerFault}) spoil answers to any topic.
 */
interface Fault {
    PatternPlan plan();

    /** The sub-topic it affects, or {@link GroundTruth.Pattern#ALL_TOPICS} when it cuts across topics. */
    String scope();

    /** {@link GroundTruth.Pattern#QUESTION} or {@link GroundTruth.Pattern#ANSWER}: the side the failure is on. */
    String view();

    /** Whether a response to {@code topic} from {@code model} is exposed to it (its truth's {@code in_scope}). */
    boolean exposes(Topic topic, String model);

    /** Share of wrong answers that users react to negatively; the rest slip through as accepted. */
    double noticeRate();

    /** The negative reaction of a user who noticed that {@code reply} is wrong. */
    FeedbackDraft complain(Topic.Turn turn, Topic.Reply reply, SplittableRandom rng);
}
