package dev.feedloop.demo;

import java.util.SplittableRandom;

/** The small habits of each model and prompt version: openers and sign-offs around the answer. */
final class Style {
    private Style() {
    }

    static String dress(String output, String model, String promptVersion, SplittableRandom rng) {
        StringBuilder out = new StringBuilder(output.length() + 60);
        if (model.equals(Simulator.MODEL_B)) {
            double r = rng.nextDouble();
            out.append(r < 0.2 ? "Sure! " : r < 0.3 ? "Of course. " : "");
        }
        out.append(output);
        double s = rng.nextDouble();
        switch (promptVersion) {
            case Story.V1 -> out.append(s < 0.1 ? " Let me know if you have any other questions." : "");
            case Story.V2, Story.V3 -> out.append(s < 0.3 ? " Is there anything else I can help you with?" : "");
            default -> {
                // support-v4 and later ask for concise answers: no sign-off
            }
        }
        if (model.equals(Simulator.MODEL_B) && Text.chance(0.15, rng)) {
            out.append(" Hope this helps!");
        }
        return out.toString();
    }
}
