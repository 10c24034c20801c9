package dev.feedloop.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The requests a dry run would have sent: method, URL, headers (credentials masked) and JSON body. */
final class DryRun {
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    void record(String method, String url, Map<String, List<String>> headers, String body) {
        StringBuilder out = new StringBuilder(method).append(' ').append(url).append('\n');
        headers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(h -> {
            for (String v : h.getValue()) {
                out.append(h.getKey()).append(": ").append(masked(h.getKey(), v)).append('\n');
            }
        });
        requests.add(out.append('\n').append(body).toString());
    }

    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    static String masked(String header, String value) {
        String h = header.toLowerCase(Locale.ROOT);
        if (h.equals("authorization")) {
            int space = value.indexOf(' ');
            return (space > 0 ? value.substring(0, space + 1) : "") + "****";
        }
        return h.contains("key") || h.contains("token") || h.contains("secret") || h.contains("auth") ? "****" : value;
    }
}
