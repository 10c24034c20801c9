package dev.feedloop.store.sqlite;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The capture tables' JSON columns, retrieved context and tags, in their wire shape. */
final class Json {
    private Json() {
    }

    static String write(List<RetrievedDoc> docs) {
        List<Map<String, Object>> out = new ArrayList<>(docs.size());
        for (RetrievedDoc d : docs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("doc_id", d.docId());
            if (d.text() != null) {
                m.put("text", d.text());
            }
            if (d.score() != null) {
                m.put("score", d.score());
            }
            out.add(m);
        }
        return JsonText.write(out);
    }

    static String write(Map<String, String> tags) {
        return JsonText.write(tags);
    }

    static List<RetrievedDoc> docs(String json) {
        if (json == null) {
            return List.of();
        }
        List<Map<String, Object>> raw = JsonText.read(json, new TypeReference<>() { });
        List<RetrievedDoc> docs = new ArrayList<>(raw.size());
        for (Map<String, Object> m : raw) {
            Object score = m.get("score");
            docs.add(new RetrievedDoc((String) m.get("doc_id"), (String) m.get("text"),
                    score == null ? null : ((Number) score).doubleValue()));
        }
        return docs;
    }

    static Map<String, String> tags(String json) {
        return json == null ? Map.of() : JsonText.read(json, new TypeReference<>() { });
    }
}
