package dev.feedloop.store.sqlite;

import org.apache.commons.collections4.bloomfilter.EnhancedDoubleHasher;
import org.apache.commons.collections4.bloomfilter.Shape;
import org.apache.commons.collections4.bloomfilter.SimpleBloomFilter;

/**
 * A Bloom filter of record keys, by their {@link PendingKeys#fingerprint fingerprints}: "no" means
 * the key was never added, "maybe" means it was or, for about {@link #FALSE_POSITIVES} of the keys
 * never added while no more than {@link #capacity} were, that it only looks so. The two halves of
 * the 128-bit fingerprint drive the filter's hash functions (enhanced double hashing), so a key is
 * hashed once for both structures.
 *
 * <p>Not thread-safe: one thread builds a filter, then hands it over to the one that uses it.
 */
final class KeyFilter {
    /** The share of absent keys answered "maybe" at capacity: each costs one database lookup. */
    static final double FALSE_POSITIVES = 0.01;

    private final SimpleBloomFilter filter;
    private final Shape shape;
    private final int capacity;
    private long keys;

    /** A filter sized for {@code capacity} keys: about 1.2 bytes each at 1 %. */
    KeyFilter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.shape = Shape.fromNP(capacity, FALSE_POSITIVES);
        this.filter = new SimpleBloomFilter(shape);
    }

    void add(long[] fingerprint) {
        filter.merge(new EnhancedDoubleHasher(fingerprint[0], fingerprint[1]));
        keys++;
    }

    void add(long high, long low) {
        filter.merge(new EnhancedDoubleHasher(high, low));
        keys++;
    }

    /** False only when the key was certainly never added. */
    boolean mightContain(long[] fingerprint) {
        return filter.contains(new EnhancedDoubleHasher(fingerprint[0], fingerprint[1]).indices(shape));
    }

    /** More keys were added than it was sized for: its false positives grow from here. */
    boolean full() {
        return keys > capacity;
    }

    long keys() {
        return keys;
    }

    int capacity() {
        return capacity;
    }
}
