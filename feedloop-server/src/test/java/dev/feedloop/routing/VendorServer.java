package dev.feedloop.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local HTTP server answering as GitHub's Issues REST API does (create, comment, PATCH state or
 * labels, list by label), or as a webhook receiver; it records every request and can be told to
 * fail: a status (with headers) for every call, or a delay longer than the client's timeout.
 */
final class VendorServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Call(String method, String path, String query, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    final HttpServer server;
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    /** Issues by number, as GitHub would hold them. */
    final Map<Integer, ObjectNode> issues = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<Integer, List<String>> comments = Collections.synchronizedMap(new LinkedHashMap<>());
    volatile int failStatus;
    volatile Map<String, String> failHeaders = Map.of();
    volatile long delayMillis;
    /** When set, a create is stored, this latch counted down, and the answer held back this long. */
    volatile long holdCreateMillis;
    final java.util.concurrent.CountDownLatch created = new java.util.concurrent.CountDownLatch(1);

    VendorServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void failWith(int status, Map<String, String> headers) {
        failHeaders = headers;
        failStatus = status;
    }

    void heal() {
        failStatus = 0;
        delayMillis = 0;
    }

    List<Call> calls(String method) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.method().equals(method)).toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        calls.add(new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                headers, body));
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failStatus != 0) {
            failHeaders.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            answer(ex, failStatus, "{\"message\":\"failing on purpose\"}");
            return;
        }
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (!path.startsWith("/repos/")) {
            answer(ex, 200, "ok"); // a webhook receiver
            return;
        }
        String[] parts = path.split("/"); // "", repos, owner, name, issues, [n], [comments]
        if (parts.length < 5 || !parts[4].equals("issues")) {
            answer(ex, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        if (parts.length == 5 && method.equals("POST")) {
            int number = issues.size() + 1;
            ObjectNode issue = (ObjectNode) JSON.readTree(body);
            issue.put("number", number).put("state", "open")
                    .put("html_url", "https://github.com/" + parts[2] + "/" + parts[3] + "/issues/" + number);
            ArrayNode labels = JSON.createArrayNode();
            issue.withArray("labels").forEach(l -> labels.addObject().put("name", l.asText()));
            issue.set("labels", labels);
            issues.put(number, issue);
            created.countDown();
            if (holdCreateMillis > 0) {
                try {
                    Thread.sleep(holdCreateMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answer(ex, 201, issue.toString());
            return;
        }
        if (parts.length == 5 && method.equals("GET")) {
            String label = null;
            for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
                if (kv.startsWith("labels=")) {
                    label = URLDecoder.decode(kv.substring(7), StandardCharsets.UTF_8);
                }
            }
            ArrayNode out = JSON.createArrayNode();
            synchronized (issues) {
                for (ObjectNode issue : issues.values()) {
                    for (JsonNode l : issue.withArray("labels")) {
                        if (l.path("name").asText().equals(label)) {
                            out.add(issue);
                        }
                    }
                }
            }
            answer(ex, 200, out.toString());
            return;
        }
        int number = Integer.parseInt(parts[5]);
        ObjectNode issue = issues.get(number);
        if (issue == null) {
            answer(ex, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        if (parts.length == 7 && parts[6].equals("comments") && method.equals("POST")) {
            comments.computeIfAbsent(number, k -> new ArrayList<>()).add(JSON.readTree(body).path("body").asText());
            answer(ex, 201, "{\"id\": 1, \"body\": \"\"}");
            return;
        }
        if (parts.length == 6 && method.equals("PATCH")) {
            JsonNode patch = JSON.readTree(body);
            if (patch.has("state")) {
                issue.put("state", patch.get("state").asText());
            }
            if (patch.has("title")) {
                issue.put("title", patch.get("title").asText());
            }
            if (patch.has("labels")) {
                ArrayNode labels = JSON.createArrayNode();
                patch.get("labels").forEach(l -> labels.addObject().put("name", l.asText()));
                issue.set("labels", labels);
            }
            answer(ex, 200, issue.toString());
            return;
        }
        answer(ex, 404, "{\"message\":\"Not Found\"}");
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
