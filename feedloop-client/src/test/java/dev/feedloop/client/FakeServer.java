package dev.feedloop.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scriptable stand-in for the Feedloop server on a random local port. It records every request
 * and answers from its script, then with a 202 acknowledgement counting the posted items. It can
 * be taken down and brought back up on the same port.
 */
final class FakeServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server leaves Nagle on by default; with the client's delayed ACKs every exchange
    // then stalls ~40 ms. Real servers (Jetty) set TCP_NODELAY, so the fake should too.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** One scripted answer; {@code body == null} means "the normal acknowledgement". */
  record Reply(int status, Map<String, String> headers, String body, int[] rejectIndexes, long delayMillis) {
    static Reply status(int status) {
      return new Reply(status, Map.of(), "{\"error\":\"scripted\",\"message\":\"scripted " + status + "\"}", null, 0);
    }

    static Reply status(int status, String body) {
      return new Reply(status, Map.of(), body, null, 0);
    }

    static Reply tooManyRequests(long retryAfterSeconds) {
      return new Reply(429, Map.of("Retry-After", Long.toString(retryAfterSeconds)), "{}", null, 0);
    }

    static Reply ackRejecting(int... indexes) {
      return new Reply(202, Map.of(), null, indexes, 0);
    }

    static Reply slowAck(long delayMillis) {
      return new Reply(202, Map.of(), null, null, delayMillis);
    }
  }

  /** One request as received, with the status it was answered with. */
  record Recorded(String method, String path, Map<String, List<String>> headers, JsonNode body, int status) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst().orElse(null);
    }

    List<JsonNode> items() {
      List<JsonNode> items = new ArrayList<>();
      if (body != null && body.isArray()) {
        body.forEach(items::add);
      } else if (body != null) {
        items.add(body);
      }
      return items;
    }

    List<String> ids(String field) {
      return items().stream().map(i -> i.path(field).asText()).toList();
    }

    boolean accepted() {
      return status >= 200 && status < 300;
    }
  }

  /** 0 until first bound when started on a random port; kept so up() rebinds the same port. */
  private volatile int port;
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private ExecutorService executor;

  private FakeServer(int port) {
    this.port = port;
  }

  /** A server already listening on a free port. */
  static FakeServer started() throws IOException {
    FakeServer s = new FakeServer(0);
    s.up();
    return s;
  }

  /** A server that is down, on a port that was free a moment ago; call {@link #up()} later. */
  static FakeServer down() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new FakeServer(probe.getLocalPort());
    }
  }

  synchronized FakeServer up() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
    return this;
  }

  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  int port() {
    return port;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  void script(Reply... replies) {
    script.addAll(Arrays.asList(replies));
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  List<Recorded> accepted() {
    return requests.stream().filter(Recorded::accepted).toList();
  }

  /** Waits until at least {@code n} requests arrived; false on timeout. */
  boolean awaitRequests(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requests.size() < n) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  @Override
  public void close() {
    stop();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body = parse(raw);
      Reply reply = script.poll();
      int status = reply == null ? 202 : reply.status();
      requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          Map.copyOf(exchange.getRequestHeaders()), body, status));
      if (reply != null && reply.delayMillis() > 0) {
        Thread.sleep(reply.delayMillis());
      }
      String answer = reply != null && reply.body() != null
          ? reply.body()
          : ack(body, reply == null ? new int[0] : reply.rejectIndexes());
      if (reply != null) {
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client gave up (timeout test); nothing to answer.
    }
  }

  private static JsonNode parse(byte[] raw) {
    try {
      return JSON.readTree(raw);
    } catch (IOException e) {
      return null;
    }
  }

  private static String ack(JsonNode body, int[] rejectIndexes) {
    int n = body == null ? 0 : body.isArray() ? body.size() : 1;
    int[] rejects = rejectIndexes == null ? new int[0] : rejectIndexes;
    ObjectNode ack = JSON.createObjectNode();
    ack.put("stored", n - rejects.length);
    ack.put("duplicates", 0);
    ArrayNode rejected = ack.putArray("rejected");
    for (int i : rejects) {
      rejected.addObject().put("index", i).put("error", "invalid").put("field", "request_id")
          .put("message", "request_id is unknown");
    }
    return ack.toString();
  }
}
