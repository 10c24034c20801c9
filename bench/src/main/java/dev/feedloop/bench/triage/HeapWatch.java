package dev.feedloop.bench.triage;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use during one measured stretch. Two figures, because a generational collector lets used
 * heap climb towards -Xmx before it collects: the peak of heap in use (garbage included, from the
 * pools' peak counters) and the peak of heap still live right after a collection, which is what the
 * run really needs.
 */
final class HeapWatch implements AutoCloseable {
    /** What a stretch used. */
    record Usage(long peakUsedBytes, long peakLiveBytes, long collections, long collectionMillis) {
    }

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final AtomicLong peakLive = new AtomicLong();
    private final List<Runnable> detach = new ArrayList<>();
    private final long collectionsAtStart;
    private final long collectionMillisAtStart;

    /** Collects, then starts watching from the live heap that remains. */
    HeapWatch() {
        System.gc();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        peakLive.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        NotificationListener listener = this::onCollection;
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                detach.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
        collectionsAtStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        collectionMillisAtStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private void onCollection(Notification n, Object handback) {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) n.getUserData());
        long after = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.stream().anyMatch(p -> p.getName().equals(e.getKey()))) {
                after += e.getValue().getUsed();
            }
        }
        long live = after;
        peakLive.accumulateAndGet(live, Math::max);
    }

    Usage usage() {
        // pools peak at different moments, so their sum bounds the peak from above
        long used = heapPools.stream().map(MemoryPoolMXBean::getPeakUsage).mapToLong(MemoryUsage::getUsed).sum();
        long count = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        long millis = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        return new Usage(used, peakLive.get(), count - collectionsAtStart, millis - collectionMillisAtStart);
    }

    @Override
    public void close() {
        detach.forEach(Runnable::run);
    }
}
