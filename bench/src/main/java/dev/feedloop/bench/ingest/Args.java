package dev.feedloop.bench.ingest;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs of the benchmark mains; unknown names fail fast. */
record Args(Map<String, String> values) {
    Args {
        values = Map.copyOf(values);
    }

    static Args parse(String[] args, String... known) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!name.startsWith("--") || !java.util.List.of(known).contains(name.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected one of --" + String.join(" --", known)
                        + " followed by a value, got '" + name + "'");
            }
            out.put(name.substring(2), args[i + 1]);
        }
        return new Args(out);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }
}
