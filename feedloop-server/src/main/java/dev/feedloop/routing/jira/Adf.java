package dev.feedloop.routing.jira;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feedloop's ticket Markdown as Atlassian Document Format, as far as tickets use it: headings
 * ({@code #} to {@code ######}), fenced code blocks, and paragraphs of plain text (one per block of
 * lines). Emphasis markers stay as text; HTML comments (the marker line) are dropped.
 */
final class Adf {
    private Adf() {
    }

    static Map<String, Object> of(String markdown) {
        List<Object> content = new ArrayList<>();
        List<String> paragraph = new ArrayList<>();
        StringBuilder code = null;
        String fence = null;
        for (String line : (markdown == null ? "" : markdown).split("\n", -1)) {
            if (code != null) {
                if (line.strip().equals(fence)) {
                    content.add(node("codeBlock", code.length() == 0 ? List.of() : List.of(text(code.toString()))));
                    code = null;
                } else {
                    code.append(code.length() == 0 ? "" : "\n").append(line);
                }
                continue;
            }
            if (line.startsWith("```")) {
                flush(paragraph, content);
                fence = line.strip().replaceAll("[^`].*$", "");
                code = new StringBuilder();
            } else if (line.matches("#{1,6} .*")) {
                flush(paragraph, content);
                int level = line.indexOf(' ');
                Map<String, Object> heading = node("heading", List.of(text(line.substring(level + 1))));
                heading.put("attrs", Map.of("level", level));
                content.add(heading);
            } else if (line.isBlank() || line.startsWith("<!--")) {
                flush(paragraph, content);
            } else {
                paragraph.add(line);
            }
        }
        if (code != null) {
            content.add(node("codeBlock", List.of(text(code.toString()))));
        }
        flush(paragraph, content);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.put("content", content);
        return doc;
    }

    private static void flush(List<String> paragraph, List<Object> content) {
        if (!paragraph.isEmpty()) {
            List<Object> parts = new ArrayList<>();
            for (int i = 0; i < paragraph.size(); i++) {
                if (i > 0) {
                    parts.add(Map.of("type", "hardBreak"));
                }
                parts.add(text(paragraph.get(i)));
            }
            content.add(node("paragraph", parts));
            paragraph.clear();
        }
    }

    private static Map<String, Object> node(String type, List<?> content) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("type", type);
        n.put("content", content);
        return n;
    }

    private static Map<String, Object> text(String s) {
        return Map.of("type", "text", "text", s);
    }
}
