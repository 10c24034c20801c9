package dev.feedloop.store.postgres;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.RetrievedDoc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The jsonb columns, retrieved context and tags, in their wire shape (strings escaped as {@link PgText} says). */
final class PgJson {
    private PgJson() {
    }

    static String docs(List<RetrievedDoc> docs) {
        if (docs.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>(docs.size());
        for (RetrievedDoc d : docs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("doc_id", PgText.escape(d.docId()));
            if (d.text() != null) {
                m.put("text", PgText.escape(d.text()));
            }
            if (d.score() != null) {
                m.put("score", d.score());
            }
            out.add(m);
        }
        return JsonText.write(out);
    }

    static String tags(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach((k, v) -> out.put(PgText.escape(k), PgText.escape(v)));
        return JsonText.write(out);
    }

    static List<RetrievedDoc> docs(String json) {
        if (json == null) {
            return List.of();
        }
        List<Map<String, Object>> raw = JsonText.read(json, new TypeReference<>() { });
        List<RetrievedDoc> docs = new ArrayList<>(raw.size());
        for (Map<String, Object> m : raw) {
            Object score = m.get("score");
            docs.add(new RetrievedDoc(PgText.unescape((String) m.get("doc_id")), PgText.unescape((String) m.get("text")),
                    score == null ? null : ((Number) score).doubleValue()));
        }
        return docs;
    }

    static Map<String, String> tags(String json) {
        if (json == null) {
            return Map.of();
        }
        Map<String, String> raw = JsonText.read(json, new TypeReference<>() { });
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(PgText.unescape(k), PgText.unescape(v)));
        return out;
    }

    static String strings(List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(PgText.escape(v)));
        return JsonText.write(out);
    }

    static List<String> strings(String json) {
        List<String> raw = JsonText.read(json, new TypeReference<List<String>>() { });
        List<String> out = new ArrayList<>(raw.size());
        raw.forEach(v -> out.add(PgText.unescape(v)));
        return out;
    }
}
