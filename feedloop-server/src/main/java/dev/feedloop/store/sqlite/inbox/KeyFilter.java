package dev.feedloop.store.sqlite.inbox;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.collections4.bloomfilter.EnhancedDoubleHasher;
import org.apache.commons.collections4.bloomfilter.Shape;
import org.apache.commons.collections4.bloomfilter.SimpleBloomFilter;

/**
 * A Bloom filter of record keys, by their {@link PendingKeys#fingerprint fingerprints}, that grows:
 * "no" means the key was never added, "maybe" that it was or, for under 2 % of the keys never
 * added, that it only looks so. The two halves of the 128-bit fingerprint drive the hash functions
 * (enhanced double hashing), so a key is hashed once for both structures.
 *
 * <p>It grows the way scalable Bloom filters do (Almeida et al., 2007): when a layer holds the keys
 * it was sized for, a new one twice its size with half its false-positive rate takes the new keys,
 * and a key is looked for in every layer. The rates add up to less than twice the first layer's,
 * and no key is ever read again (a rebuild would scan the whole database).
 *
 * <p>It takes at most the memory it is given: an {@link #add} that would need more refuses, and
 * from then on the filter is {@link #overflowed} and no longer trustworthy.
 *
 * <p>Not thread-safe: one thread builds a filter, then hands it over to the one that uses it.
 */
final class KeyFilter {
    /** The first layer's share of absent keys answered "maybe": each costs one database lookup. */
    static final double FALSE_POSITIVES = 0.01;
    /** The most memory any filter may be given: a layer's bits are counted in an int. */
    static final long MAX_BYTES = 1L << 28;

    /** One fixed-size Bloom filter. */
    private static final class Layer {
        final Shape shape;
        final SimpleBloomFilter bits;
        final long capacity;
        final double falsePositives;
        long keys;

        Layer(long capacity, double falsePositives) {
            this.capacity = capacity;
            this.falsePositives = falsePositives;
            this.shape = Shape.fromNP((int) Math.min(Integer.MAX_VALUE, capacity), falsePositives);
            this.bits = new SimpleBloomFilter(shape);
        }
    }

    private final List<Layer> layers = new ArrayList<>();
    private final long maxBytes;
    private Layer newest;
    private long keys;
    private long bytes;
    private boolean overflowed;

    /**
     * A filter whose first layer holds {@code capacity} keys (about 1.2 bytes each), in at most
     * {@code maxBytes} (up to 256 MiB: a layer's bits are counted in an int).
     */
    KeyFilter(int capacity, long maxBytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        if (maxBytes > MAX_BYTES || bytesFor(capacity, FALSE_POSITIVES) > maxBytes) {
            throw new IllegalArgumentException("a filter of " + capacity + " keys does not fit in " + maxBytes
                    + " bytes (at most " + MAX_BYTES + ")");
        }
        this.maxBytes = maxBytes;
        addLayer(capacity, FALSE_POSITIVES);
    }

    /** The bytes of a layer for {@code capacity} keys at {@code falsePositives} (Bloom's formula). */
    static long bytesFor(long capacity, double falsePositives) {
        return (long) Math.ceil(-capacity * Math.log(falsePositives) / (Math.log(2) * Math.log(2)) / 8);
    }

    /** False, and the filter {@link #overflowed}, when the key would need more memory than given. */
    boolean add(long[] fingerprint) {
        return add(fingerprint[0], fingerprint[1]);
    }

    boolean add(long high, long low) {
        if (overflowed) {
            return false;
        }
        if (newest.keys >= newest.capacity) {
            long capacity = 2 * newest.capacity;
            double falsePositives = newest.falsePositives / 2;
            if (bytes + bytesFor(capacity, falsePositives) > maxBytes) {
                overflowed = true;
                return false;
            }
            addLayer(capacity, falsePositives);
        }
        newest.bits.merge(new EnhancedDoubleHasher(high, low));
        newest.keys++;
        keys++;
        return true;
    }

    /** A key was refused for want of memory: the filter may answer "no" for a stored key. */
    boolean overflowed() {
        return overflowed;
    }

    /** False only when the key was certainly never added. */
    boolean mightContain(long[] fingerprint) {
        EnhancedDoubleHasher hasher = new EnhancedDoubleHasher(fingerprint[0], fingerprint[1]);
        for (int i = layers.size() - 1; i >= 0; i--) { // newest first: recent keys are the likelier repeats
            Layer layer = layers.get(i);
            if (layer.bits.contains(hasher.indices(layer.shape))) {
                return true;
            }
        }
        return false;
    }

    long keys() {
        return keys;
    }

    /** The memory the layers' bits take. */
    long bytes() {
        return bytes;
    }

    int layers() {
        return layers.size();
    }

    private void addLayer(long capacity, double falsePositives) {
        newest = new Layer(capacity, falsePositives);
        layers.add(newest);
        bytes += newest.shape.getNumberOfBits() / 8;
    }
}
