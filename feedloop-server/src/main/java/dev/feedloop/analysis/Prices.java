package dev.feedloop.analysis;

import java.util.Map;

/**
 * List prices in US dollars per million input and output tokens, from the vendors' public price
 * pages (Anthropic, OpenAI) as of 2025. A model is matched by the longest known prefix, so dated
 * names ({@code claude-sonnet-4-5-20250929}) find their family; anything else costs "unknown".
 */
final class Prices {
    private static final Map<String, double[]> PER_MILLION = Map.ofEntries(
            Map.entry("claude-opus-4-1", new double[] {15, 75}),
            Map.entry("claude-opus-4-5", new double[] {5, 25}),
            Map.entry("claude-sonnet-4", new double[] {3, 15}),
            Map.entry("claude-haiku-4-5", new double[] {1, 5}),
            Map.entry("claude-3-5-haiku", new double[] {0.8, 4}),
            Map.entry("gpt-4o", new double[] {2.5, 10}),
            Map.entry("gpt-4o-mini", new double[] {0.15, 0.6}),
            Map.entry("gpt-4.1", new double[] {2, 8}),
            Map.entry("gpt-4.1-mini", new double[] {0.4, 1.6}),
            Map.entry("gpt-4.1-nano", new double[] {0.1, 0.4}));

    private Prices() {
    }

    /** The estimated cost, or null for a model not in the table (a local model, a new one). */
    static Double estimate(String model, long inputTokens, long outputTokens) {
        String best = null;
        for (String prefix : PER_MILLION.keySet()) {
            if (model.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            return null;
        }
        double[] p = PER_MILLION.get(best);
        return (inputTokens * p[0] + outputTokens * p[1]) / 1_000_000.0;
    }
}
