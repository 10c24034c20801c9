package dev.feedloop.analysis;

import dev.feedloop.store.Cause;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pattern briefs for the tests. */
final class Briefs {
    private Briefs() {
    }

    static PatternBrief brief(PatternBrief.Example... examples) {
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("signal.regenerated", 14.0);
        evidence.put("signal.edited", 9.0);
        evidence.put("rate.prompt_version.v3", 0.12);
        evidence.put("rate.prompt_version.v4", 0.11);
        evidence.put("retrieval.mean_top_score", 0.31);
        evidence.put("lift", 3.4);
        return new PatternBrief("p-0007", "baggage fee checked", List.of("baggage", "fee", "checked"), Cause.RETRIEVAL,
                0.7, "retrieval scores are low", 23, evidence, List.of(examples));
    }

    static PatternBrief plain() {
        return brief(new PatternBrief.Example("How much is a checked bag to Lisbon?",
                "A checked bag costs 25 EUR.", "edited", "A checked bag costs 35 EUR since March.", null));
    }
}
