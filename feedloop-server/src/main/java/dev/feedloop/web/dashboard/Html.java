package dev.feedloop.web.dashboard;

import java.util.Collection;
import java.util.function.Function;

/**
 * A piece of HTML that is safe to send: the dashboard builds every page from these, and text only
 * becomes HTML by being escaped. {@link #f} fills a trusted template's {@code {}} holes; a hole gets
 * an {@code Html} as it is and anything else (user and model text above all) escaped, so forgetting
 * to escape is not possible by omission.
 *
 * <pre>{@code
 * Html row = Html.f("<td><a href=\"/patterns/{}\">{}</a></td>", p.patternId(), p.name());
 * }</pre>
 */
final class Html {
    static final Html EMPTY = new Html("");
    private final String text;

    private Html(String text) {
        this.text = text;
    }

    /**
     * A trusted template with its holes filled: {@code Html} arguments as they are, numbers as
     * text, everything else escaped.
     *
     * @throws IllegalArgumentException when the number of holes and arguments differ
     */
    static Html f(String template, Object... args) {
        StringBuilder out = new StringBuilder(template.length() + 16 * args.length);
        int at = 0;
        int used = 0;
        for (int hole = template.indexOf("{}"); hole >= 0; hole = template.indexOf("{}", at)) {
            if (used == args.length) {
                throw new IllegalArgumentException("more holes than arguments in: " + template);
            }
            out.append(template, at, hole);
            Object arg = args[used++];
            if (arg instanceof Html h) {
                out.append(h.text);
            } else {
                escape(arg == null ? "" : String.valueOf(arg), out);
            }
            at = hole + 2;
        }
        if (used != args.length) {
            throw new IllegalArgumentException("more arguments than holes in: " + template);
        }
        out.append(template, at, template.length());
        return new Html(out.toString());
    }

    /** Text, escaped. */
    static Html text(String text) {
        return f("{}", text);
    }

    /** Markup the dashboard itself generated from no outside text (the SVG charts' numbers). */
    static Html trusted(String markup) {
        return new Html(markup);
    }

    /** The pieces one after the other. */
    static Html join(Collection<Html> parts) {
        StringBuilder out = new StringBuilder();
        parts.forEach(p -> out.append(p.text));
        return new Html(out.toString());
    }

    /** Each item made into HTML, one after the other. */
    static <T> Html each(Collection<T> items, Function<T, Html> render) {
        return join(items.stream().map(render).toList());
    }

    /** {@code then} when the condition holds, else nothing. */
    static Html when(boolean condition, Html then) {
        return condition ? then : EMPTY;
    }

    /** Escapes text for an element's content and for a quoted attribute value alike. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        escape(text, out);
        return out.toString();
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
