package dev.feedloop.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * A small text template used to write the demo world's questions and answers.
 *
 * <p>Syntax: {@code [a|b|]} picks one alternative uniformly (an empty one makes the part
 * optional; choices nest); {@code {name}} inserts the slot's value, drawing and binding it on
 * first use so that a question and its answer agree; {@code {name|fallback}} inserts the bound
 * value or, when the slot was never bound, the fallback text without binding anything;
 * {@code [?name:text]} renders its text only when the slot is already bound.
 * Example: {@code "[where is|any news on] my refund for the {trip} to {city}"}.
 */
final class Template {
    private static final Pattern SLOT_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final String source;
    private final Node root;

    private Template(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException on unbalanced brackets or a bad slot name
     */
    static Template parse(String source) {
        Parser parser = new Parser(source);
        Node root = parser.sequence(false);
        if (parser.pos != source.length()) {
            throw new IllegalArgumentException("unexpected '" + source.charAt(parser.pos) + "' at " + parser.pos + " in: " + source);
        }
        return new Template(source, root);
    }

    String render(SplittableRandom rng, Bindings slots) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        root.render(out, rng, slots);
        return Text.tidy(out);
    }

    @Override
    public String toString() {
        return source;
    }

    private interface Node {
        void render(StringBuilder out, SplittableRandom rng, Bindings slots);
    }

    private record Literal(String text) implements Node {
        public void render(StringBuilder out, SplittableRandom rng, Bindings slots) {
            out.append(text);
        }
    }

    private record Sequence(List<Node> parts) implements Node {
        public void render(StringBuilder out, SplittableRandom rng, Bindings slots) {
            for (Node part : parts) {
                part.render(out, rng, slots);
            }
        }
    }

    private record Choice(List<Node> alternatives) implements Node {
        public void render(StringBuilder out, SplittableRandom rng, Bindings slots) {
            alternatives.get(rng.nextInt(alternatives.size())).render(out, rng, slots);
        }
    }

    private record Slot(String name, String fallback) implements Node {
        public void render(StringBuilder out, SplittableRandom rng, Bindings slots) {
            if (fallback == null) {
                out.append(slots.value(name, rng));
            } else {
                String bound = slots.bound(name);
                out.append(bound != null ? bound : fallback);
            }
        }
    }

    private record IfBound(String name, Node body) implements Node {
        public void render(StringBuilder out, SplittableRandom rng, Bindings slots) {
            if (slots.bound(name) != null) {
                body.render(out, rng, slots);
            }
        }
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Node sequence(boolean nested) {
            List<Node> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (nested && (c == '|' || c == ']')) {
                    break;
                }
                if (c == '[' || c == '{') {
                    flush(literal, parts);
                    pos++;
                    parts.add(c == '[' ? choice() : slot());
                } else if (c == ']' || c == '}') {
                    throw new IllegalArgumentException("unbalanced '" + c + "' at " + pos + " in: " + text);
                } else {
                    literal.append(c);
                    pos++;
                }
            }
            flush(literal, parts);
            return parts.size() == 1 ? parts.get(0) : new Sequence(List.copyOf(parts));
        }

        private Node choice() {
            if (pos < text.length() && text.charAt(pos) == '?') {
                return conditional();
            }
            List<Node> alternatives = new ArrayList<>();
            while (true) {
                alternatives.add(sequence(true));
                if (pos >= text.length()) {
                    throw new IllegalArgumentException("unclosed '[' in: " + text);
                }
                if (text.charAt(pos++) == ']') {
                    return new Choice(List.copyOf(alternatives));
                }
            }
        }

        private Node conditional() {
            int colon = text.indexOf(':', pos);
            if (colon < 0) {
                throw new IllegalArgumentException("conditional without ':' in: " + text);
            }
            String name = text.substring(pos + 1, colon);
            if (!SLOT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad slot name '" + name + "' in: " + text);
            }
            pos = colon + 1;
            Node body = sequence(true);
            if (pos >= text.length() || text.charAt(pos) != ']') {
                throw new IllegalArgumentException("conditional must have one branch and close with ']' in: " + text);
            }
            pos++;
            return new IfBound(name, body);
        }

        private Node slot() {
            int end = text.indexOf('}', pos);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed '{' in: " + text);
            }
            String body = text.substring(pos, end);
            pos = end + 1;
            int bar = body.indexOf('|');
            String name = bar < 0 ? body : body.substring(0, bar);
            if (!SLOT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad slot name '" + name + "' in: " + text);
            }
            return new Slot(name, bar < 0 ? null : body.substring(bar + 1));
        }

        private static void flush(StringBuilder literal, List<Node> parts) {
            if (literal.length() > 0) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
        }
    }
}
