package dev.feedloop.text;

import java.util.Set;

/**
 * English function words, contractions written without their apostrophe (the tokenizer
 * drops it: "don't" becomes "dont"), and the courtesy words every chat message carries.
 * None of them can tell one failure pattern from another.
 */
public final class StopWords {
    private StopWords() {
    }

    static final Set<String> ENGLISH = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "almost", "also", "although",
            "am", "among", "an", "and", "another", "any", "anyone", "anything", "anyway", "are",
            "around", "as", "at", "be", "became", "because", "been", "before", "being", "below",
            "between", "both", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing",
            "done", "down", "during", "each", "either", "else", "enough", "even", "ever", "every",
            "few", "for", "from", "further", "get", "gets", "getting", "got", "had", "has", "have",
            "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
            "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less",
            "let", "lets", "like", "made", "make", "many", "may", "me", "might", "mine", "more",
            "most", "much", "must", "my", "myself", "neither", "never", "no", "nor", "not", "now",
            "of", "off", "often", "on", "once", "one", "only", "or", "other", "others", "otherwise",
            "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "quite", "rather",
            "really", "same", "say", "says", "said", "see", "seem", "seems", "she", "should", "since",
            "so", "some", "something", "still", "such", "than", "that", "the", "their", "theirs",
            "them", "themselves", "then", "there", "these", "they", "this", "those", "though",
            "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via",
            "was", "we", "well", "were", "what", "whatever", "when", "where", "whether", "which",
            "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would",
            "yet", "you", "your", "yours", "yourself", "yourselves",
            // contractions without the apostrophe
            "aint", "arent", "cant", "couldnt", "didnt", "doesnt", "dont", "hadnt", "hasnt",
            "havent", "hed", "hes", "id", "ill", "im", "isnt", "itd", "itll", "ive", "shes",
            "shouldnt", "thats", "theres", "theyre", "theyve", "wasnt", "werent", "weve", "whats",
            "wont", "wouldnt", "wheres", "hows", "whos", "heres", "youd", "youll", "youre", "youve",
            // courtesy and filler
            "please", "pls", "thanks", "thank", "thx", "hi", "hello", "hey", "ok", "okay", "yes",
            "yeah", "oh", "um", "uh", "lol");

    public static boolean contains(String word) {
        return ENGLISH.contains(word);
    }
}
