package dev.feedloop.analysis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.store.Cause;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a model's answer against our types before anything uses it: known causes only, bounded
 * lengths, plain text (no HTML tags, Markdown headings, links or code fences), no URL that the
 * examples did not contain. Error messages name the field and the rule, never the answer's text,
 * because they are sent back to the model when it is asked again.
 */
final class AnswerValidator {
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://[^\\s\"'<>()\\[\\]]+|\\bwww\\.[^\\s\"'<>()\\[\\]]+");
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z!?][^<>]*>|&(?:#\\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Pattern HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}(\\s|$)");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\([^)]*\\)|!?\\[[^\\]]*]\\[[^\\]]*]|<https?:");
    private static final Pattern FENCE = Pattern.compile("```|~~~|`[^`\\n]+`");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]|[\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]");

    /** Why an answer was refused: a sentence naming the field and the rule. */
    static final class InvalidAnswer extends Exception {
        InvalidAnswer(String message) {
            super(message, null, false, false);
        }
    }

    private AnswerValidator() {
    }

    /** The URLs in these texts: the only ones an answer may repeat. */
    static Set<String> urlsIn(Iterable<String> texts) {
        Set<String> urls = new HashSet<>();
        for (String t : texts) {
            if (t != null) {
                Matcher m = URL.matcher(t);
                while (m.find()) {
                    urls.add(trimUrl(m.group()));
                }
            }
        }
        return urls;
    }

    static Analysis analysis(JsonNode answer, Set<String> allowedUrls) throws InvalidAnswer {
        requireObject(answer);
        String name = text(answer, "name", Analysis.NAME_MAX, allowedUrls);
        if (name.contains("\n")) {
            throw new InvalidAnswer("name must be one line");
        }
        String description = text(answer, "description", Analysis.DESCRIPTION_MAX, allowedUrls);
        JsonNode causeNode = answer.get("cause");
        if (causeNode == null || !causeNode.isTextual()) {
            throw new InvalidAnswer("cause is missing; it must be one of prompt, retrieval, model_limitation, unknown");
        }
        Cause cause;
        try {
            cause = Cause.fromWire(causeNode.asText().trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswer("cause must be one of prompt, retrieval, model_limitation, unknown");
        }
        String reason = text(answer, "cause_reason", Analysis.REASON_MAX, allowedUrls);
        String fix = text(answer, "suggested_fix", Analysis.FIX_MAX, allowedUrls);
        return new Analysis(name, description, cause, reason, fix);
    }

    static SameFailure sameFailure(JsonNode answer, Set<String> allowedUrls) throws InvalidAnswer {
        requireObject(answer);
        JsonNode same = answer.get("same");
        if (same == null || !same.isBoolean()) {
            throw new InvalidAnswer("same must be true or false");
        }
        return new SameFailure(same.booleanValue(), text(answer, "reason", SameFailure.REASON_MAX, allowedUrls));
    }

    private static void requireObject(JsonNode answer) throws InvalidAnswer {
        if (answer == null || !answer.isObject()) {
            throw new InvalidAnswer("the answer held no JSON object");
        }
    }

    private static String text(JsonNode answer, String field, int max, Set<String> allowedUrls) throws InvalidAnswer {
        JsonNode node = answer.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new InvalidAnswer(field + " is missing or not a text");
        }
        String value = node.asText().strip();
        if (value.length() > max) {
            throw new InvalidAnswer(field + " is " + value.length() + " characters; at most " + max + " are allowed");
        }
        if (CONTROL.matcher(value).find()) {
            throw new InvalidAnswer(field + " contains control or direction characters");
        }
        if (TAG.matcher(value).find()) {
            throw new InvalidAnswer(field + " contains HTML markup; plain text only");
        }
        if (HEADING.matcher(value).find() || LINK.matcher(value).find() || FENCE.matcher(value).find()) {
            throw new InvalidAnswer(field + " contains Markdown; plain text only");
        }
        Matcher url = URL.matcher(value);
        while (url.find()) {
            if (!allowedUrls.contains(trimUrl(url.group()))) {
                throw new InvalidAnswer(field + " contains a URL that is not in the examples");
            }
        }
        return value;
    }

    private static String trimUrl(String url) {
        return url.replaceAll("[.,;:!?]+$", "");
    }

    /**
     * The first JSON object in a text, wherever the server put it: alone, in a code fence, or
     * between sentences. Null when there is none.
     */
    static JsonNode firstObject(String text) {
        if (text == null) {
            return null;
        }
        int tries = 0;
        for (int at = text.indexOf('{'); at >= 0 && tries < 50; at = text.indexOf('{', at + 1), tries++) {
            try (JsonParser parser = Prompts.JSON.getFactory().createParser(text.substring(at))) {
                JsonNode node = Prompts.JSON.readTree(parser);
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException ignored) {
                // not an object from here: try the next brace
            }
        }
        return null;
    }
}
