package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/** One thing users of the fictional product ask about, and how the assistant answers it. */
interface Topic {

    String id();

    /** A fresh question, before chat-style phrasing noise. */
    Ask ask(SplittableRandom rng);

    /** The same question in other words (a re-ask): same slot values, another template when there is one. */
    Ask rephrase(Ask previous, SplittableRandom rng);

    Reply reply(Turn turn, SplittableRandom rng);

    /** A question with the slot values it fixed; {@code template} is the index of its wording. */
    record Ask(String text, Bindings slots, int template) {
    }

    /** What the simulated application knows when it answers: the day, who serves it, the question. */
    record Turn(int day, String promptVersion, String model, Ask ask) {
    }

    /**
     * The assistant's answer.
     *
     * @param fault the planted pattern that made this answer wrong, or {@code null} when it is fine
     * @param dress whether model and prompt-version sign-offs may be added (not to refusals)
     */
    record Reply(String output, List<RetrievedDoc> context, Fault fault, boolean dress) {
        public Reply {
            SimResponse.requireText(output, "output");
            context = List.copyOf(context);
        }

        Reply withOutput(String newOutput) {
            return new Reply(newOutput, context, fault, dress);
        }
    }
}
