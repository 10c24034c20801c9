package dev.feedloop.triage.describe;

import java.util.List;

/**
 * How a cluster is shown before (or without) an LLM names it.
 *
 * @param name     provisional name, at most {@link PatternNamer#MAX_LENGTH} characters
 * @param keywords c-TF-IDF keywords, best first
 * @param examples representative members, most central first, near-duplicates skipped
 */
public record ClusterDescription(String name, List<Keyword> keywords, List<Representative> examples) {

    /** @throws IllegalArgumentException if any part is null or the name is blank or too long */
    public ClusterDescription {
        if (name == null || name.isBlank() || name.length() > PatternNamer.MAX_LENGTH) {
            throw new IllegalArgumentException("name must be 1-" + PatternNamer.MAX_LENGTH + " chars: '" + name + "'");
        }
        if (keywords == null || examples == null) {
            throw new IllegalArgumentException("keywords and examples must not be null");
        }
        keywords = List.copyOf(keywords);
        examples = List.copyOf(examples);
    }

    /** The keyword terms, best first. */
    public List<String> keywordTerms() {
        return keywords.stream().map(Keyword::term).toList();
    }
}
