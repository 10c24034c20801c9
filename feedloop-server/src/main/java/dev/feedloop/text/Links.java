package dev.feedloop.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web links in a text, normalised so that the same page written two ways compares equal: scheme
 * and a leading {@code www.} dropped, host lower-cased, trailing punctuation and slash removed, query
 * and fragment kept. Triage asks whether an answer cites a link its retrieved context does not hold
 * (an invented reference); the store lists the context's links when it reads a response.
 *
 * <pre>{@code
 * Links.in("See https://WWW.Example.com/help/bags/. Or not.")   // [example.com/help/bags]
 * }</pre>
 */
public final class Links {
    private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"'()\\[\\]{}]+");

    private Links() {
    }

    /** The distinct links in {@code text}, normalised, in order of first appearance; empty for null. */
    public static List<String> in(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.indexOf("://") < 0) {
            return out;
        }
        Matcher m = URL.matcher(text);
        while (m.find()) {
            String link = normalise(m.group());
            if (!link.isEmpty() && !out.contains(link)) {
                out.add(link);
            }
        }
        return out;
    }

    static String normalise(String url) {
        String s = url.substring(url.indexOf("://") + 3);
        while (!s.isEmpty() && ".,;:!?/".indexOf(s.charAt(s.length() - 1)) >= 0) {
            s = s.substring(0, s.length() - 1);
        }
        int slash = s.indexOf('/');
        String host = (slash < 0 ? s : s.substring(0, slash)).toLowerCase(Locale.ROOT);
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        return slash < 0 ? host : host + s.substring(slash);
    }
}
