package dev.feedloop.capture.otlp;

import io.opentelemetry.proto.trace.v1.Span;

/**
 * A call span's prompt and completion, from the first convention that carries them: the current
 * GenAI attributes ({@code gen_ai.input.messages} / {@code gen_ai.output.messages}, JSON), the
 * older indexed ones ({@code gen_ai.prompt.N.*} / {@code gen_ai.completion.N.*}), the older
 * {@code gen_ai.content.prompt} / {@code gen_ai.content.completion} events, then OpenInference's
 * {@code llm.input_messages.N.*} / {@code llm.output_messages.N.*} and {@code input.value} /
 * {@code output.value}.
 */
final class Content {
    private Content() {
    }

    static String input(Span span, Attributes a) {
        String text = Messages.textOf(a.string("gen_ai.input.messages"), true);
        if (text == null) {
            text = Messages.lastUserText(Messages.indexed(a, "gen_ai.prompt.", "role", "content"));
        }
        if (text == null) {
            text = Messages.textOf(event(span, "gen_ai.content.prompt", "gen_ai.prompt"), true);
        }
        if (text == null) {
            text = Messages.lastUserText(Messages.indexed(a, "llm.input_messages.", "message.role", "message.content"));
        }
        return text != null ? text : a.string("input.value");
    }

    static String output(Span span, Attributes a) {
        String text = Messages.textOf(a.string("gen_ai.output.messages"), false);
        if (text == null) {
            text = Messages.firstText(Messages.indexed(a, "gen_ai.completion.", "role", "content"));
        }
        if (text == null) {
            text = Messages.textOf(event(span, "gen_ai.content.completion", "gen_ai.completion"), false);
        }
        if (text == null) {
            text = Messages.firstText(Messages.indexed(a, "llm.output_messages.", "message.role", "message.content"));
        }
        return text != null ? text : a.string("output.value");
    }

    /** An attribute of the span's first event of that name, or null. */
    private static String event(Span span, String name, String attribute) {
        for (Span.Event event : span.getEventsList()) {
            if (event.getName().equals(name)) {
                return Attributes.of(event.getAttributesList()).string(attribute);
            }
        }
        return null;
    }
}
