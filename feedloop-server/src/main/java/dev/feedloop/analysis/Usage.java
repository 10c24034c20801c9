package dev.feedloop.analysis;

/**
 * What one run spent on the LLM.
 *
 * @param provider          {@code anthropic}, {@code openai} or {@code offline}
 * @param model             the model asked (empty when offline)
 * @param calls             requests sent, retries included
 * @param inputTokens       input tokens the provider reported
 * @param outputTokens      output tokens the provider reported
 * @param estimatedCostUsd  from list prices of known models; null for an unknown model
 * @param stoppedBecause    why the run went offline part-way (budget, outage, key), or null
 */
public record Usage(String provider, String model, int calls, long inputTokens, long outputTokens,
        Double estimatedCostUsd, String stoppedBecause) {
}
