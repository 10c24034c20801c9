package dev.feedloop.demo;

/**
 * Identifiers that look random but are unique by construction: a counter passed through the
 * SplitMix64 finalizer, which is a bijection on 64-bit values (Steele, Lea, Flood, "Fast
 * Splittable Pseudorandom Number Generators", OOPSLA 2014), so distinct counters give distinct ids.
 */
final class Ids {
    private final long requestSalt;
    private final long sessionSalt;
    private final long eventSalt;
    private long requests;
    private long sessions;
    private long events;

    Ids(long seed) {
        this.requestSalt = mix(seed ^ 0x5EED_0001L);
        this.sessionSalt = mix(seed ^ 0x5EED_0002L);
        this.eventSalt = mix(seed ^ 0x5EED_0003L);
    }

    String request() {
        return "req-" + hex(mix(requestSalt + requests++));
    }

    String session() {
        return "ses-" + hex(mix(sessionSalt + sessions++));
    }

    String event() {
        return "fb-" + hex(mix(eventSalt + events++));
    }

    static String hex(long value) {
        String h = Long.toHexString(value);
        return "0".repeat(16 - h.length()) + h;
    }

    /** The SplitMix64 output function. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
