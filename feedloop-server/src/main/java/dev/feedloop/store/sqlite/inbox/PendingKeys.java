package dev.feedloop.store.sqlite.inbox;

import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ResponseRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The keys of records in the inbox and not yet applied, each with the append that claimed it:
 * what duplicate checks consult before the main database holds the record.
 *
 * <p>A key is held as its 128-bit MurmurHash3 fingerprint, in an open-addressing table of three
 * primitive arrays (linear probing, deletion by backward shift, so no tombstones). Two different
 * keys share a fingerprint with a probability of about 2<sup>-128</sup> per pair (for 100,000 keys
 * waiting at once, about 10<sup>-29</sup>); if they ever did while both waited, the second record
 * would be reported a duplicate.
 *
 * <p>Why not a {@code ConcurrentHashMap<String, Object>}: the 20,000 or more keys waiting for the
 * applier are alive for a second or two, so every young collection copied each one's node, string
 * and bytes from survivor space to survivor space; that copying was most of each pause (G1, single
 * events: pauses of 5 ms where the bare endpoint's take 1.6 ms), and the pauses set the tail of
 * the latency. Three arrays are three objects however many keys they hold.
 *
 * <p>Thread-safe: the inbox's writer claims and releases, and an acknowledger releases the claims
 * of an append that failed. Owners are positive numbers; 0 marks an empty slot.
 */
final class PendingKeys {
    private static final int MIN_CAPACITY = 1 << 10;

    private long[] high;
    private long[] low;
    private long[] owners;
    private int mask;
    private int size;

    PendingKeys() {
        this(MIN_CAPACITY);
    }

    /** {@code capacity} is rounded up to a power of two; tests use small ones to make keys collide. */
    PendingKeys(int capacity) {
        allocate(Integer.highestOneBit(Math.max(2, capacity - 1)) << 1);
    }

    /** A response's key: its kind, project and request id. */
    static String responseKey(ResponseRecord r) {
        return responseKey(r.project(), r.requestId());
    }

    /** A feedback event's key: its kind, project and event id. */
    static String feedbackKey(FeedbackRecord f) {
        return feedbackKey(f.project(), f.eventId());
    }

    static String responseKey(String project, String requestId) {
        return "r\u0000" + project + '\u0000' + requestId;
    }

    static String feedbackKey(String project, String eventId) {
        return "f\u0000" + project + '\u0000' + eventId;
    }

    /** A key's fingerprint: its two halves, in this order. */
    static long[] fingerprint(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.hash128x64(bytes, 0, bytes.length, 0);
    }

    /**
     * Claims {@code key} for {@code owner}: true when it was free or is already {@code owner}'s, false
     * when another owner holds it.
     */
    boolean claim(String key, long owner) {
        return claim(fingerprint(key), owner); // hashing outside the lock: it is most of the work
    }

    /** {@link #claim(String, long)} of the key's {@link #fingerprint}. */
    boolean claim(long[] f, long owner) {
        if (owner <= 0) {
            throw new IllegalArgumentException("owners are positive, got " + owner);
        }
        synchronized (this) {
            return claimLocked(f, owner);
        }
    }

    private boolean claimLocked(long[] f, long owner) {
        int i = find(f[0], f[1]);
        if (owners[i] != 0) {
            return owners[i] == owner;
        }
        if (2 * (size + 1) > owners.length) {
            grow();
            i = find(f[0], f[1]);
        }
        high[i] = f[0];
        low[i] = f[1];
        owners[i] = owner;
        size++;
        return true;
    }

    /** Frees {@code key} if {@code owner} holds it. */
    void release(String key, long owner) {
        release(fingerprint(key), owner);
    }

    /** {@link #release(String, long)} of the key's {@link #fingerprint}. */
    void release(long[] f, long owner) {
        synchronized (this) {
            int i = find(f[0], f[1]);
            if (owners[i] != 0 && owners[i] == owner) {
                delete(i);
            }
        }
    }

    /** Frees each of the keys, whoever holds them. */
    synchronized void removeAll(Fingerprints keys) {
        long[] values = keys.values;
        for (int k = 0; k + 1 < keys.count; k += 2) {
            int i = find(values[k], values[k + 1]);
            if (owners[i] != 0) {
                delete(i);
            }
        }
    }

    synchronized int size() {
        return size;
    }

    /** A copy of the keys held now. */
    synchronized Fingerprints snapshot() {
        Fingerprints out = new Fingerprints(size);
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] != 0) {
                out.add(high[i], low[i]);
            }
        }
        return out;
    }

    /** The slot holding the fingerprint, or the empty slot where it would go. */
    private int find(long h, long l) {
        int i = (int) l & mask;
        while (owners[i] != 0 && (high[i] != h || low[i] != l)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /**
     * Empties slot {@code i}, moving back each later entry of the run that could not be found past
     * the hole (its home slot is not cyclically within the hole and itself).
     */
    private void delete(int i) {
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (owners[j] == 0) {
                break;
            }
            int home = (int) low[j] & mask;
            boolean staysPut = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!staysPut) {
                high[hole] = high[j];
                low[hole] = low[j];
                owners[hole] = owners[j];
                hole = j;
            }
        }
        owners[hole] = 0;
        size--;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        long[] oldOwners = owners;
        allocate(oldOwners.length * 2);
        for (int k = 0; k < oldOwners.length; k++) {
            if (oldOwners[k] != 0) {
                int i = find(oldHigh[k], oldLow[k]);
                high[i] = oldHigh[k];
                low[i] = oldLow[k];
                owners[i] = oldOwners[k];
            }
        }
    }

    private void allocate(int capacity) {
        high = new long[capacity];
        low = new long[capacity];
        owners = new long[capacity];
        mask = capacity - 1;
    }

    /**
     * A growable list of fingerprints: the keys an apply stored, or those taken while a
     * {@link KeyFilter} is built.
     */
    static final class Fingerprints {
        private long[] values;
        private int count;

        Fingerprints(int expectedKeys) {
            values = new long[2 * Math.max(1, expectedKeys)];
        }

        void add(String key) {
            add(fingerprint(key));
        }

        void add(long[] f) {
            add(f[0], f[1]);
        }

        private void add(long h, long l) {
            if (count + 2 > values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[count++] = h;
            values[count++] = l;
        }

        /** Adds every fingerprint to the filter, stopping if it overflows. */
        void addTo(KeyFilter filter) {
            for (int k = 0; k + 1 < count; k += 2) {
                if (!filter.add(values[k], values[k + 1])) {
                    return;
                }
            }
        }
    }
}
