package dev.feedloop.bench.triage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The share of time the server's scheduler thread spends inside the background embedder, found by
 * looking at that thread's stack every 50 ms: at 100 % the embedder starts each run as soon as the
 * last one ended and can take no more. CPU time alone would not tell, since the model runs on
 * threads of its own.
 */
final class EmbedderDuty implements AutoCloseable {
    private static final long EVERY_MILLIS = 50;
    private static final String SCHEDULER_THREAD = "feedloop-jobs";
    private static final String EMBEDDER = "dev.feedloop.triage.BackgroundEmbedder";

    private final AtomicLong looks = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final Thread watcher = new Thread(this::watch, "embedder-duty");
    private long lastLooks;
    private long lastBusy;

    EmbedderDuty() {
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(EVERY_MILLIS);
                Thread jobs = find();
                boolean inside = false;
                if (jobs != null) {
                    for (StackTraceElement frame : jobs.getStackTrace()) {
                        if (frame.getClassName().equals(EMBEDDER)) {
                            inside = true;
                            break;
                        }
                    }
                }
                if (inside) {
                    busy.incrementAndGet();
                }
                looks.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread find() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(SCHEDULER_THREAD))
                .findFirst().orElse(null);
    }

    /** The busy share since the previous call. */
    synchronized double sinceLast() {
        long l = looks.get();
        long b = busy.get();
        double share = l == lastLooks ? 0 : (double) (b - lastBusy) / (l - lastLooks);
        lastLooks = l;
        lastBusy = b;
        return share;
    }

    @Override
    public void close() {
        watcher.interrupt();
    }
}
