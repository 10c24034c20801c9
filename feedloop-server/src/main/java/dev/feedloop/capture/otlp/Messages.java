package dev.feedloop.capture.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user's input and the model's output of a chat call, from the shapes instrumentations write
 * them in. A response's {@code user_input} is what the user asked: the last user message (the
 * system prompt and earlier turns are context, not the question); its {@code llm_output} is the
 * first choice's text.
 */
final class Messages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    /** One message: its role (may be null) and its text (may be null when it holds no text part). */
    record Message(String role, String text) {
    }

    /**
     * Messages from a JSON attribute or event value: the current GenAI conventions'
     * {@code [{"role","parts":[{"type":"text","content"}]}]}, the older
     * {@code [{"role","content"}]} (content a string or OpenAI-style parts), or a
     * {@code {"messages": [...]}} wrapper. Null when the value is not such JSON.
     */
    static List<Message> parse(String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty() || trimmed.charAt(0) != '[' && trimmed.charAt(0) != '{') {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(trimmed);
        } catch (IOException e) {
            return null;
        }
        if (tree != null && tree.isObject() && tree.has("messages")) {
            tree = tree.get("messages");
        } else if (tree != null && tree.isObject()) {
            tree = JSON.createArrayNode().add(tree);
        }
        if (tree == null || !tree.isArray()) {
            return null;
        }
        List<Message> messages = new ArrayList<>(tree.size());
        for (JsonNode m : tree) {
            if (m.isObject()) {
                messages.add(new Message(text(m.get("role")), text(m)));
            }
        }
        return messages;
    }

    /** The text of a message object: its string content, or its text parts joined by newlines. */
    private static String text(JsonNode message) {
        if (message == null) {
            return null;
        }
        if (message.isTextual()) {
            return message.textValue();
        }
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            return content.textValue();
        }
        JsonNode parts = content != null && content.isArray() ? content : message.get("parts");
        if (parts == null || !parts.isArray()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : parts) {
            String type = part.path("type").asText("text");
            JsonNode text = part.has("content") ? part.get("content") : part.get("text");
            if (type.equals("text") && text != null && text.isTextual()) {
                out.append(out.isEmpty() ? "" : "\n").append(text.textValue());
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /**
     * Messages from indexed attributes ({@code gen_ai.prompt.N.role/content},
     * {@code llm.input_messages.N.message.role/content}), with OpenInference's multi-part
     * {@code message.contents.M.message_content.text} joined when there is no plain content.
     */
    static List<Message> indexed(Attributes attributes, String prefix, String roleKey, String contentKey) {
        TreeMap<Integer, Map<String, String>> groups = attributes.indexed(prefix);
        List<Message> messages = new ArrayList<>(groups.size());
        for (Map<String, String> group : groups.values()) {
            String text = group.get(contentKey);
            if (text == null) {
                text = joinedParts(group);
            }
            messages.add(new Message(group.get(roleKey), text));
        }
        return messages;
    }

    private static String joinedParts(Map<String, String> group) {
        TreeMap<Integer, String> parts = new TreeMap<>();
        group.forEach((key, value) -> {
            String prefix = "message.contents.";
            String suffix = ".message_content.text";
            if (key.startsWith(prefix) && key.endsWith(suffix) && key.length() > prefix.length() + suffix.length()) {
                try {
                    parts.put(Integer.parseInt(key.substring(prefix.length(), key.length() - suffix.length())), value);
                } catch (NumberFormatException e) {
                    // not an index: not a part
                }
            }
        });
        return parts.isEmpty() ? null : String.join("\n", parts.values());
    }

    /** The last user message with text, or else the last message with text; null when none has text. */
    static String lastUserText(List<Message> messages) {
        if (messages == null) {
            return null;
        }
        String last = null;
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if (m.text() == null || m.text().isEmpty()) {
                continue;
            }
            if ("user".equalsIgnoreCase(m.role()) || "human".equalsIgnoreCase(m.role())) {
                return m.text();
            }
            if (last == null) {
                last = m.text();
            }
        }
        return last;
    }

    /** The first message with text (the first choice of a completion); null when none has text. */
    static String firstText(List<Message> messages) {
        if (messages == null) {
            return null;
        }
        for (Message m : messages) {
            if (m.text() != null && !m.text().isEmpty()) {
                return m.text();
            }
        }
        return null;
    }

    /** A value that may be messages JSON or plain text: the chosen message's text, or the text itself. */
    static String textOf(String value, boolean input) {
        if (value == null) {
            return null;
        }
        List<Message> messages = parse(value);
        if (messages == null) {
            return value;
        }
        return input ? lastUserText(messages) : firstText(messages);
    }
}
