package dev.feedloop.triage.answer;

import dev.feedloop.text.Links;
import dev.feedloop.text.Tokenizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Traits of one answer that make it fail whatever was asked: refusal or apology language, a language
 * other than the question's, links no retrieved document holds. Each is a cheap test on the text, so
 * triage can run it over every negative and over its baseline sample. Length needs the typical length
 * of answers to similar questions and lives in {@code AnswerViews}.
 *
 * <pre>{@code
 * AnswerTraits.refuses("I'm sorry, but I can't help with that.")             // true
 * AnswerTraits.language("¿Cuánto cuesta la maleta facturada?")              // "es"
 * AnswerTraits.unsupportedLinks("See https://x.example/a", "", List.of())   // [x.example/a]
 * }</pre>
 */
public final class AnswerTraits {
    /** Refusal or apology, in the answer's opening: "I'm sorry, but I can't", "I am unable to", "as an AI". */
    private static final Pattern REFUSAL = Pattern.compile("(?i)(?:\\b(?:i\\s*(?:'|’)?\\s*m|i am)\\s+(?:sorry|afraid)\\b"
            + "[^.!?]{0,80}\\b(?:can\\s*(?:'|’)?\\s*t|cannot|can not|unable|not able|won\\s*(?:'|’)?\\s*t|not allowed"
            + "|not permitted)\\b)"
            + "|(?:\\bi\\s+(?:can\\s*(?:'|’)?\\s*t|cannot|can not|won\\s*(?:'|’)?\\s*t|am unable to|am not able to"
            + "|(?:'|’)m unable to|(?:'|’)m not able to)\\s+(?:help|assist|provide|share|give|answer|discuss|do that"
            + "|process|make|change|handle|support)\\b)"
            + "|(?:\\bas an ai\\b)|(?:\\bi(?:'|’)?m not (?:allowed|permitted) to\\b)");
    /** How much of an answer's opening the refusal test reads: refusals come first. */
    private static final int REFUSAL_WINDOW = 300;

    /**
     * Frequent function words of the languages told apart. A text is in the language whose words it
     * uses most (a shared word counts in part for each language), when it scores at least
     * {@link #MIN_HITS} and {@link #MARGIN} times any other.
     */
    private static final Map<String, Set<String>> FUNCTION_WORDS = Map.of(
            "en", Set.of("the", "is", "are", "and", "to", "of", "you", "your", "can", "my", "what", "how", "do",
                    "does", "i", "it", "with", "for", "this", "that", "will", "have", "be", "was", "if", "or",
                    "which", "when", "an", "at", "from", "would", "should", "any"),
            "es", Set.of("el", "la", "los", "las", "que", "y", "es", "un", "una", "por", "para", "con", "su", "tu",
                    "puede", "del", "al", "lo", "como", "más", "usted", "sus", "pero", "si", "está", "también",
                    "cuando", "hay", "este", "esta", "muy", "ser"),
            "fr", Set.of("le", "la", "les", "des", "et", "est", "un", "une", "pour", "vous", "votre", "que", "qui",
                    "dans", "pas", "sur", "avec", "au", "du", "ce", "peut", "vos", "sont", "mais", "ou", "être",
                    "cette", "nous", "aux", "si", "il", "elle"),
            "de", Set.of("der", "die", "das", "und", "ist", "nicht", "sie", "ihr", "ihre", "zu", "mit", "ein",
                    "eine", "den", "dem", "für", "auf", "werden", "können", "sich", "bitte", "ich", "auch",
                    "oder", "wenn", "bei", "noch", "wird", "ihren", "ihrem", "kann", "einen"),
            "it", Set.of("il", "di", "che", "è", "per", "con", "non", "sono", "della", "può", "questo", "gli",
                    "anche", "nel", "alla", "le", "una", "si", "come", "suo", "sua", "essere", "più"),
            "pt", Set.of("o", "os", "que", "é", "um", "uma", "para", "com", "não", "do", "da", "seu", "sua", "você",
                    "pode", "mais", "como", "ao", "dos", "das", "também", "está", "ser", "ou", "no", "na"),
            "nl", Set.of("het", "een", "en", "is", "van", "niet", "je", "u", "uw", "op", "voor", "met", "dat",
                    "die", "kan", "zijn", "ook", "worden", "wordt", "naar", "bij", "maar", "deze", "dit"));
    /** Each function word and the languages that use it. */
    private static final Map<String, List<String>> LANGUAGES_OF = invert(FUNCTION_WORDS);
    static final double MIN_HITS = 2;
    /** The top language must score this many times the runner-up. */
    static final double MARGIN = 2.0;

    private AnswerTraits() {
    }

    private static Map<String, List<String>> invert(Map<String, Set<String>> wordsByLanguage) {
        Map<String, List<String>> out = new java.util.HashMap<>();
        wordsByLanguage.forEach((language, words) -> words.forEach(w ->
                out.computeIfAbsent(w, k -> new ArrayList<>()).add(language)));
        return out;
    }

    /** Whether the answer opens by refusing or apologising instead of helping. */
    public static boolean refuses(String answer) {
        String head = answer.length() <= REFUSAL_WINDOW ? answer : answer.substring(0, REFUSAL_WINDOW);
        return REFUSAL.matcher(head).find();
    }

    /**
     * The text's language among English, Spanish, French, German, Italian, Portuguese and Dutch, by
     * their function words; null when the text is too short or too mixed to tell. A stop-word profile
     * is enough to tell a question's language from its answer's; a general language identifier would
     * bring models of tens of megabytes for this one comparison.
     */
    public static String language(String text) {
        List<String> words = Tokenizer.words(text.length() <= 2_000 ? text : text.substring(0, 2_000));
        Map<String, Double> scores = new java.util.TreeMap<>();
        for (String w : words) {
            List<String> languages = LANGUAGES_OF.get(w);
            if (languages != null) {
                // a word several languages share counts for each in part ("la": Spanish, French, Italian)
                languages.forEach(l -> scores.merge(l, 1.0 / languages.size(), Double::sum));
            }
        }
        String best = null;
        double bestScore = 0;
        double second = 0;
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (e.getValue() > bestScore) {
                second = bestScore;
                bestScore = e.getValue();
                best = e.getKey();
            } else {
                second = Math.max(second, e.getValue());
            }
        }
        return bestScore >= MIN_HITS && bestScore >= MARGIN * second ? best : null;
    }

    /** Whether both texts have a clear language and the two differ. */
    public static boolean languageDiffers(String question, String answer) {
        String q = language(question);
        String a = language(answer);
        return q != null && a != null && !q.equals(a);
    }

    /**
     * The answer's links that neither the retrieved documents nor the question hold (normalised as by
     * {@link Links#in}): references the model made up, or took from nowhere the application gave it.
     */
    public static List<String> unsupportedLinks(String answer, String question, Collection<String> contextLinks) {
        List<String> out = new ArrayList<>();
        List<String> asked = Links.in(question);
        for (String link : Links.in(answer)) {
            if (!supported(link, contextLinks) && !supported(link, asked)) {
                out.add(link);
            }
        }
        return out;
    }

    /** A link is supported by one that equals it or is a page under it (the context may cite a section). */
    private static boolean supported(String link, Collection<String> known) {
        for (String k : known) {
            if (link.equals(k) || link.startsWith(k + "/") || link.startsWith(k + "#") || k.startsWith(link + "#")) {
                return true;
            }
        }
        return false;
    }
}
