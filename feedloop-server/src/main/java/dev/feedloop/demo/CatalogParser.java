package dev.feedloop.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the topic catalogue format: one entry per line, {@code topic ID | AREA} starts a topic,
 * then {@code doc ID | TEXT}, {@code q TEMPLATE} (a question), {@code a TEMPLATE} (an answer)
 * and optionally {@code slot NAME = v1 | v2} for topic-local slot values. Blank lines and lines
 * starting with {@code #} are skipped. Templates use the syntax of {@link Template}.
 */
final class CatalogParser {
    private CatalogParser() {
    }

    /**
     * Parses topics and registers their documents in {@code library}.
     *
     * @throws IllegalArgumentException naming the line of any malformed entry
     */
    static List<CatalogTopic> parse(String text, Library library) {
        List<CatalogTopic> out = new ArrayList<>();
        Draft draft = null;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                if (line.startsWith("topic ")) {
                    if (draft != null) {
                        out.add(draft.build(library));
                    }
                    String[] parts = split(line.substring(6), 2);
                    draft = new Draft(parts[0], parts[1]);
                } else if (draft == null) {
                    throw new IllegalArgumentException("entry before the first topic");
                } else {
                    draft.add(line);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("catalogue line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
            }
        }
        if (draft != null) {
            out.add(draft.build(library));
        }
        return out;
    }

    private static String[] split(String s, int parts) {
        String[] out = s.split("\\|", parts);
        if (out.length != parts) {
            throw new IllegalArgumentException("expected " + parts + " parts separated by '|'");
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i].strip();
        }
        return out;
    }

    private static final class Draft {
        final String id;
        final String area;
        final List<Template> questions = new ArrayList<>();
        final List<Template> answers = new ArrayList<>();
        final List<Doc> docs = new ArrayList<>();
        final Map<String, List<String>> slots = new LinkedHashMap<>();

        Draft(String id, String area) {
            this.id = id;
            this.area = area;
        }

        void add(String line) {
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("entry without content");
            }
            String kind = line.substring(0, space);
            String body = line.substring(space + 1).strip();
            switch (kind) {
                case "q" -> questions.add(Template.parse(body));
                case "a" -> answers.add(Template.parse(body));
                case "doc" -> {
                    String[] parts = split(body, 2);
                    docs.add(new Doc(parts[0], area, parts[1], true));
                }
                case "slot" -> {
                    String[] parts = body.split("=", 2);
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("slot entry needs NAME = values");
                    }
                    List<String> values = new ArrayList<>();
                    for (String v : parts[1].split("\\|")) {
                        values.add(v.strip());
                    }
                    slots.put(parts[0].strip(), List.copyOf(values));
                }
                default -> throw new IllegalArgumentException("unknown entry kind '" + kind + "'");
            }
        }

        CatalogTopic build(Library library) {
            docs.forEach(library::add);
            return new CatalogTopic(id, area, questions, answers, docs, Vocabulary.SHARED.with(slots), library);
        }
    }
}
