package dev.feedloop.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Leases of one process: the SQLite store's, whose database one server process owns. */
public final class LocalJobLeases implements JobLeases {
    private record Lease(String holder, Instant expires, long done, long claimed) {
    }

    private final Map<String, Lease> leases = new HashMap<>();

    @Override
    public synchronized boolean claim(String job, long period, String holder, Instant now, Duration ttl) {
        Lease l = leases.get(job);
        if (l != null && (l.done >= period || (l.holder != null && !l.holder.equals(holder) && l.expires.isAfter(now)))) {
            return false;
        }
        leases.put(job, new Lease(holder, now.plus(ttl), l == null ? -1 : l.done, period));
        return true;
    }

    @Override
    public synchronized boolean abandoned(String job, long period, Instant now) {
        Lease l = leases.get(job);
        return l != null && l.claimed == period && l.done < period && l.holder != null && !l.expires.isAfter(now);
    }

    @Override
    public synchronized boolean renew(String job, String holder, Instant now, Duration ttl) {
        Lease l = leases.get(job);
        if (l == null || !holder.equals(l.holder)) {
            return false;
        }
        leases.put(job, new Lease(holder, now.plus(ttl), l.done, l.claimed));
        return true;
    }

    @Override
    public synchronized void complete(String job, long period, String holder) {
        Lease l = leases.get(job);
        if (l != null && holder.equals(l.holder)) {
            leases.put(job, new Lease(null, Instant.MIN, Math.max(period, l.done), l.claimed));
        }
    }

    @Override
    public synchronized void release(String job, String holder) {
        Lease l = leases.get(job);
        if (l != null && holder.equals(l.holder)) {
            leases.put(job, new Lease(null, Instant.MIN, l.done, l.claimed));
        }
    }
}
