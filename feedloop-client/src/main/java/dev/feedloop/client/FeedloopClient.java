package dev.feedloop.client;

import dev.feedloop.client.internal.Dispatcher;
import dev.feedloop.client.internal.Settings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;

/**
 * Sends LLM responses and user feedback to a Feedloop server, asynchronously and in batches.
 *
 * <pre>{@code
 * try (FeedloopClient feedloop = FeedloopClient.builder()
 *         .endpoint("https://feedloop.example.com")
 *         .apiKey(System.getenv("FEEDLOOP_API_KEY"))
 *         .build()) {
 *
 *   feedloop.send(Response.builder(requestId, "support-v7", question, answer)
 *       .model("claude-sonnet-4")
 *       .sessionId(sessionId)
 *       .build());
 *
 *   // later, when the user reacts
 *   feedloop.send(Feedback.of(requestId, ImplicitSignal.REGENERATED));
 *   feedloop.send(Feedback.rating(requestId, 2));
 * } // close() flushes what is queued, waiting at most closeTimeout
 * }</pre>
 *
 * <p>{@code send} never blocks and never throws for network or server trouble: it puts the event
 * on a bounded in-memory queue and returns. A background thread posts batches of up to {@code
 * batchSize} events, at least every {@code flushInterval}, responses before feedback. Failures
 * that may pass (connection refused, timeouts, 5xx, 429) are retried with exponential backoff and
 * full jitter, keeping the events; batches the server refuses (400, 401, 403, 413, 415) and items
 * it reports invalid are not retried. The queue bound covers events being retried too, so while
 * the server is down nothing is lost until {@code queueCapacity} events are waiting; past that,
 * new events are dropped and counted. {@link #stats()} tells what happened.
 *
 * <p>The client is thread-safe; build one per application and share it. Its thread is a daemon,
 * so call {@link #close()} at shutdown or queued events are lost. Log output goes through {@link
 * System.Logger} under {@code dev.feedloop.client} and never contains the API key or user text.
 */
public final class FeedloopClient implements AutoCloseable {

  private final Dispatcher dispatcher;

  private FeedloopClient(Settings settings) {
    this.dispatcher = Dispatcher.start(settings);
  }

  /** Starts configuring a client; {@code endpoint} and {@code apiKey} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Queues a response for delivery, stamping it with the client's clock when it has no
   * timestamp. Never blocks, never throws for network trouble.
   *
   * @return true if queued, false if dropped because the queue was full or the client closed
   * @throws NullPointerException if {@code response} is null
   */
  public boolean send(Response response) {
    return dispatcher.offer(Objects.requireNonNull(response, "response"));
  }

  /**
   * Queues a feedback event for delivery, like {@link #send(Response)}.
   *
   * @return true if queued, false if dropped because the queue was full or the client closed
   * @throws NullPointerException if {@code feedback} is null
   */
  public boolean send(Feedback feedback) {
    return dispatcher.offer(Objects.requireNonNull(feedback, "feedback"));
  }

  /**
   * Blocks until every event sent before this call is delivered or definitively failed. While
   * the server is down and retries are unlimited this can wait a long time; prefer {@link
   * #flush(Duration)} on a request path.
   */
  public void flush() {
    dispatcher.flush(Duration.ofNanos(Long.MAX_VALUE));
  }

  /**
   * Like {@link #flush()} but gives up after {@code timeout}; the events keep being delivered.
   *
   * @return true if everything sent before the call was settled in time
   * @throws IllegalArgumentException if {@code timeout} is null or negative
   */
  public boolean flush(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be zero or positive: " + timeout);
    }
    return dispatcher.flush(timeout);
  }

  /**
   * Flushes for at most {@code closeTimeout}, then stops the background thread. Events still
   * queued are counted as dropped; later {@code send} calls drop their event and return false.
   * Calling it again does nothing.
   */
  @Override
  public void close() {
    dispatcher.close();
  }

  /** The counters so far; each call takes a fresh snapshot. */
  public Stats stats() {
    return dispatcher.stats();
  }

  /**
   * Configures a {@link FeedloopClient}. Every setter checks its argument at once and throws
   * {@link IllegalArgumentException} naming the bad value (the API key is never echoed).
   */
  public static final class Builder {
    private URI endpoint;
    private String apiKey;
    private int batchSize = Settings.DEFAULT_BATCH_SIZE;
    private Duration flushInterval = Settings.DEFAULT_FLUSH_INTERVAL;
    private int queueCapacity = Settings.DEFAULT_QUEUE_CAPACITY;
    private Duration connectTimeout = Settings.DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = Settings.DEFAULT_REQUEST_TIMEOUT;
    private int maxRetries = Settings.DEFAULT_MAX_RETRIES;
    private Duration initialBackoff = Settings.DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = Settings.DEFAULT_MAX_BACKOFF;
    private Duration closeTimeout = Settings.DEFAULT_CLOSE_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random;
    private ThreadFactory threadFactory = Builder::daemonThread;

    private Builder() {}

    /** The server's base URL; routes such as {@code /v1/responses} are appended to it. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Settings.checkEndpoint(endpoint);
      return this;
    }

    /**
     * The server's base URL as text, such as {@code "https://feedloop.example.com"}.
     *
     * @throws IllegalArgumentException if not a valid http(s) URL
     * @see #endpoint(URI)
     */
    public Builder endpoint(String endpoint) {
      if (endpoint == null) {
        throw new IllegalArgumentException("endpoint is required, for example https://feedloop.example.com");
      }
      try {
        return endpoint(URI.create(endpoint.strip()));
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("endpoint")) {
          throw e;
        }
        throw new IllegalArgumentException("endpoint is not a valid URL: " + endpoint, e);
      }
    }

    /** Sent as {@code Authorization: Bearer <apiKey>}; never logged. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Settings.checkApiKey(apiKey);
      return this;
    }

    /** Most events per HTTP request, 1-1000; default 100. */
    public Builder batchSize(int batchSize) {
      this.batchSize = Settings.checkBatchSize(batchSize);
      return this;
    }

    /** Longest an event waits for its batch to fill before it is sent anyway; default 1 s. */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = Settings.checkPositive("flushInterval", flushInterval);
      return this;
    }

    /** Most events held at once, waiting or being retried; default 10,000. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = Settings.checkQueueCapacity(queueCapacity);
      return this;
    }

    /** Default 5 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Settings.checkPositive("connectTimeout", connectTimeout);
      return this;
    }

    /** Longest one HTTP request may take, response included; default 10 s. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Settings.checkPositive("requestTimeout", requestTimeout);
      return this;
    }

    /** Retries per batch before it is dropped; 0 never retries; default unlimited. */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = Settings.checkMaxRetries(maxRetries);
      return this;
    }

    /** Upper bound of the first retry's random wait, doubled each retry; default 200 ms. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = Settings.checkPositive("initialBackoff", initialBackoff);
      return this;
    }

    /** Cap on the random wait between retries; default 30 s. A server's Retry-After wins. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Settings.checkPositive("maxBackoff", maxBackoff);
      return this;
    }

    /** How long {@link FeedloopClient#close()} waits for queued events; default 5 s. */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = Settings.checkPositive("closeTimeout", closeTimeout);
      return this;
    }

    /** Clock used to stamp events sent without a timestamp; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = requireArg("clock", clock);
      return this;
    }

    /**
     * Randomness for backoff jitter, used by the sender thread only. The default is seeded
     * differently in every process on purpose: jitter exists to spread clients apart.
     */
    public Builder random(RandomGenerator random) {
      this.random = requireArg("random", random);
      return this;
    }

    /** Makes the sender thread; default a daemon thread named {@code feedloop-sender}. */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = requireArg("threadFactory", threadFactory);
      return this;
    }

    /**
     * Builds the client and starts its sender thread.
     *
     * @throws IllegalStateException if {@code endpoint} or {@code apiKey} was not set
     */
    public FeedloopClient build() {
      if (endpoint == null) {
        throw new IllegalStateException("endpoint is required: call endpoint(\"https://...\") before build()");
      }
      if (apiKey == null) {
        throw new IllegalStateException("apiKey is required: call apiKey(...) before build()");
      }
      return new FeedloopClient(new Settings(endpoint, apiKey, batchSize, flushInterval,
          queueCapacity, connectTimeout, requestTimeout, maxRetries, initialBackoff, maxBackoff,
          closeTimeout, clock, random != null ? random : new SplittableRandom(), threadFactory));
    }

    private static <T> T requireArg(String name, T value) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }

    private static Thread daemonThread(Runnable r) {
      Thread t = new Thread(r, "feedloop-sender");
      t.setDaemon(true);
      return t;
    }
  }
}
