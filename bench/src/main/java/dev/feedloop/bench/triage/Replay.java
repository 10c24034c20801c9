package dev.feedloop.bench.triage;

import dev.feedloop.demo.GroundTruth;
import dev.feedloop.demo.JsonlSink;
import dev.feedloop.demo.SimFeedback;
import dev.feedloop.demo.SimResponse;
import dev.feedloop.demo.Simulator;
import dev.feedloop.demo.WorldSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated world's traffic sent to a server's HTTP API at a fixed rate of responses per second,
 * the way the SDKs send it: arrays of up to {@code batch} records (the Java SDK's default is 100),
 * at least once a second (its flush interval), each feedback event after the responses that precede
 * it in the world. A request answered 503 or 429 (back-pressure) is sent again, as the SDKs do.
 */
final class Replay implements Runnable {
    /** One record as the import format writes it (the HTTP API ignores its {@code type}). */
    record Event(boolean response, String json) {
    }

    /** A world's records in timestamp order, and what was planted in it. */
    record Traffic(List<Event> events, long responses, GroundTruth truth) {
    }

    private static final Duration RETRY_AFTER = Duration.ofMillis(200);
    private static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

    private final List<Event> events;
    private final URI responsesUri;
    private final URI feedbackUri;
    private final String key;
    private final double rate;
    private final int batch;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong feedback = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    Replay(Traffic traffic, URI server, String key, double rate, int batch) {
        if (rate <= 0 || batch < 1 || batch > 1_000) {
            throw new IllegalArgumentException("rate must be positive and batch 1-1000, got " + rate + ", " + batch);
        }
        this.events = traffic.events();
        this.responsesUri = server.resolve("/v1/responses");
        this.feedbackUri = server.resolve("/v1/feedback");
        this.key = key;
        this.rate = rate;
        this.batch = batch;
    }

    /** Simulates {@code spec} into memory, records in the order the simulator emits them (timestamps). */
    static Traffic simulate(WorldSpec spec) {
        List<Event> out = new ArrayList<>();
        StringWriter responseText = new StringWriter();
        StringWriter feedbackText = new StringWriter();
        JsonlSink jsonl = new JsonlSink(responseText, feedbackText);
        long[] responses = {0};
        try {
            GroundTruth truth = Simulator.run(spec, new dev.feedloop.demo.EventSink() {
                @Override
                public void response(SimResponse r) throws IOException {
                    jsonl.response(r);
                    out.add(new Event(true, take(responseText)));
                    responses[0]++;
                }

                @Override
                public void feedback(SimFeedback f) throws IOException {
                    jsonl.feedback(f);
                    out.add(new Event(false, take(feedbackText)));
                }
            });
            return new Traffic(out, responses[0], truth);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot simulate " + spec, e);
        }
    }

    private static String take(StringWriter w) {
        StringBuffer b = w.getBuffer();
        String line = b.toString().strip();
        b.setLength(0);
        return line;
    }

    /** Sends until {@link #stop} or the world runs out; a failure is kept for {@link #failure}. */
    @Override
    public void run() {
        long start = System.nanoTime();
        long tickNanos = Math.min(FLUSH_EVERY.toNanos(), (long) (batch / rate * 1e9));
        int next = 0;
        long due = 0;
        try {
            while (!stopped && next < events.size()) {
                long elapsed = System.nanoTime() - start;
                due = Math.max(due, (long) (rate * elapsed / 1e9));
                List<String> r = new ArrayList<>();
                List<String> f = new ArrayList<>();
                while (next < events.size() && (!events.get(next).response() || responses.get() + r.size() < due)) {
                    Event e = events.get(next++);
                    (e.response() ? r : f).add(e.json());
                }
                send(responsesUri, r, responses);
                send(feedbackUri, f, feedback);
                long wait = tickNanos - (System.nanoTime() - start - elapsed);
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void send(URI uri, List<String> records, AtomicLong acked) throws InterruptedException {
        for (int from = 0; from < records.size(); from += batch) {
            List<String> chunk = records.subList(from, Math.min(records.size(), from + batch));
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", chunk) + "]")).build();
            HttpResponse<String> answer = post(request);
            while (answer.statusCode() == 503 || answer.statusCode() == 429) {
                retries.incrementAndGet();
                Thread.sleep(RETRY_AFTER.toMillis());
                answer = post(request);
            }
            if (answer.statusCode() != 202 || !answer.body().contains("\"rejected\":[]")) {
                throw new IllegalStateException(uri.getPath() + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            acked.addAndGet(chunk.size());
        }
    }

    private HttpResponse<String> post(HttpRequest request) throws InterruptedException {
        requests.incrementAndGet();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + request.uri(), e);
        }
    }

    void stop() {
        stopped = true;
    }

    /** Responses the server acknowledged (202). */
    long responses() {
        return responses.get();
    }

    /** Feedback events the server acknowledged. */
    long feedback() {
        return feedback.get();
    }

    long requests() {
        return requests.get();
    }

    long retries() {
        return retries.get();
    }

    /** Why sending stopped early, or null. */
    RuntimeException failure() {
        return failure;
    }
}
