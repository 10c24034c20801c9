package dev.feedloop.capture.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The attributes of a span, a resource or an event, by key, with the scalar readings the mapping needs. */
final class Attributes {
    private final Map<String, AnyValue> values;

    private Attributes(Map<String, AnyValue> values) {
        this.values = values;
    }

    static Attributes of(List<KeyValue> attributes) {
        Map<String, AnyValue> values = new HashMap<>(attributes.size() * 2);
        for (KeyValue kv : attributes) {
            values.putIfAbsent(kv.getKey(), kv.getValue());
        }
        return new Attributes(values);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** A scalar attribute as text (numbers and booleans written out), or null when absent, empty or not a scalar. */
    String string(String key) {
        AnyValue value = values.get(key);
        if (value == null) {
            return null;
        }
        String text = switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            default -> null;
        };
        return text == null || text.isEmpty() ? null : text;
    }

    /** The first present of several keys, in order of preference. */
    String first(String... keys) {
        for (String key : keys) {
            String value = string(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    AnyValue raw(String key) {
        return values.get(key);
    }

    /**
     * Attributes of the form {@code <prefix><N>.<rest>} grouped by N in ascending order, each
     * group keyed by {@code <rest>}: {@code gen_ai.prompt.0.role}, {@code llm.input_messages.1.message.content},
     * {@code retrieval.documents.2.document.id}.
     */
    TreeMap<Integer, Map<String, String>> indexed(String prefix) {
        TreeMap<Integer, Map<String, String>> groups = new TreeMap<>();
        for (String key : values.keySet()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            int dot = key.indexOf('.', prefix.length());
            if (dot <= prefix.length() || dot - prefix.length() > 6) {
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(key, prefix.length(), dot, 10);
            } catch (NumberFormatException e) {
                continue;
            }
            String value = string(key);
            if (index >= 0 && value != null) {
                groups.computeIfAbsent(index, i -> new HashMap<>()).put(key.substring(dot + 1), value);
            }
        }
        return groups;
    }
}
