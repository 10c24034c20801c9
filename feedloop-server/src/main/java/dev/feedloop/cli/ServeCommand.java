package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.config.Settings;
import dev.feedloop.jobs.Scheduler;
import dev.feedloop.web.ApiServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the HTTP API until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the HTTP API (see /openapi.json) until Ctrl-C.",
            "Binds to 127.0.0.1 unless --host says otherwise. Every /v1 route needs an API key:",
            "create one with 'feedloop keys create --scope ingest', or set FEEDLOOP_API_KEY."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DbOption db;

    @Option(names = "--host", description = "Interface to bind (default: $FEEDLOOP_HOST or 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "TCP port, 0 for any free one (default: $FEEDLOOP_PORT or 8080).")
    Integer port;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        var env = System.getenv();
        String bindHost = host != null ? host : Settings.get(Settings.HOST, env);
        int bindPort = port != null ? port : Settings.get(Settings.PORT, env);
        long maxBody = Settings.get(Settings.MAX_BODY_BYTES, env);
        checkCanListen(bindHost, bindPort);
        Feedloop feedloop = db.openOrCreate().defaultEmbeddingThreads(1);
        ApiServer server = feedloop.apiServer(maxBody);
        Scheduler scheduler = feedloop.scheduler();
        try {
            server.start(bindHost, bindPort);
        } catch (RuntimeException e) {
            feedloop.close();
            throw new IllegalStateException("cannot listen on " + bindHost + ":" + bindPort + ": " + rootMessage(e), e);
        }
        scheduler.start(Settings.get(Settings.TRIAGE_EVERY, env), Settings.get(Settings.VERIFY_EVERY, env));
        CountDownLatch stopped = closeOnShutdown(scheduler, server, feedloop);
        spec.commandLine().getOut().printf("Feedloop is serving http://%s:%d (database %s). Ctrl-C stops it.%n",
                bindHost, server.port(), db.resolve());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /**
     * Closes the parts, in order, when the JVM is asked to stop (Ctrl-C, SIGTERM): the server first,
     * so no request arrives at a closed store, and the store last, so the inbox is applied.
     *
     * @return counted down once everything is closed; the command waits on it
     */
    static CountDownLatch closeOnShutdown(AutoCloseable... parts) {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    // keep closing the rest: the store must still apply its inbox
                }
            }
            closed.countDown();
        }, "feedloop-shutdown"));
        return closed;
    }

    /**
     * Fails before the database is opened (and, on a first start, created) when the address is taken,
     * so a mistyped port leaves nothing behind. The server's own bind still reports a race after it.
     */
    static void checkCanListen(String host, int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (is another server running there? choose another with --port or FEEDLOOP_PORT)");
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }
}
