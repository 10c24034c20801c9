package dev.feedloop.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A pattern's evidence (nested JSON) as indented lines for a terminal: an object of plain values on
 * one line ("reasked 0.42, regenerated 0.41"), a nested object under its key, a list joined by commas.
 * {@code --json} keeps the exact JSON for scripts.
 */
final class Evidence {
    private Evidence() {
    }

    static void print(PrintWriter out, Map<String, Object> evidence, String indent) {
        if (evidence.isEmpty()) {
            out.println(indent + "(none yet)");
        }
        for (Map.Entry<String, Object> e : evidence.entrySet()) {
            String key = e.getKey().replace('_', ' ');
            Object value = e.getValue();
            if (value instanceof Map<?, ?> map && !map.isEmpty() && !flat(map)) {
                out.println(indent + key + ":");
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) map;
                print(out, nested, indent + "  ");
            } else {
                out.println(indent + key + ": " + inline(value));
            }
        }
    }

    private static boolean flat(Map<?, ?> map) {
        return map.values().stream().noneMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>);
    }

    private static String inline(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "-" : map.entrySet().stream().map(e -> e.getKey() + " " + inline(e.getValue()))
                    .collect(Collectors.joining(", "));
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "-" : list.stream().map(Evidence::inline).collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }
}
