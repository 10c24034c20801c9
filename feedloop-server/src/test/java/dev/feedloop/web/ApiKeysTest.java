package dev.feedloop.web;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.store.ApiKeyRecord.Scope;
import dev.feedloop.store.Store;
import dev.feedloop.store.sqlite.SqliteStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revocation as {@link ApiKeys} sees it, paced by a time the test moves. */
class ApiKeysTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private SqliteStore store;
    /** The time that paces revocation checks; moves only when a test moves it. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** Calls of each Store method made through {@link #keys}. */
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private ApiKeys keys;

    @BeforeEach
    void open() {
        store = open(dir);
        keys = new ApiKeys(counting(store), CLOCK, "", nanos::get);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static SqliteStore open(Path dir) {
        return SqliteStore.open(dir.resolve("feedloop.db"), CLOCK, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
    }

    /** The store, counting the calls made of it. */
    private Store counting(Store real) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    private void pass(java.time.Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    @Test
    void authenticate_manyRequests_readTheDatabaseOncePerCheckInterval() {
        String key = keys.create("default", Scope.INGEST);

        for (int i = 0; i < 1_000; i++) {
            assertThat(keys.authenticate(key)).isPresent();
        }
        assertThat(calls("key")).isEqualTo(1);
        assertThat(calls("keyRevocations")).isEqualTo(1);

        pass(ApiKeys.REVOCATION_CHECK);
        for (int i = 0; i < 1_000; i++) {
            assertThat(keys.authenticate(key)).isPresent();
        }
        assertThat(calls("keyRevocations")).isEqualTo(2);
        assertThat(calls("key")).as("the count did not change: the cache stays").isEqualTo(1);
    }

    @Test
    void revoke_inProcess_isRefusedAtOnce() {
        String key = keys.create("default", Scope.INGEST);
        assertThat(keys.authenticate(key)).isPresent();

        assertThat(keys.revoke(key.split("_")[1])).hasValueSatisfying(r -> {
            assertThat(r.earlier()).isFalse();
            assertThat(r.key().revokedAt()).isEqualTo(NOW);
        });

        assertThat(keys.authenticate(key)).isEmpty(); // no time has passed
    }

    @Test
    void revoke_byAnotherProcess_isRefusedOnceTheCheckIntervalHasPassed() {
        String key = keys.create("default", Scope.INGEST);
        String other = keys.create("default", Scope.INGEST);
        assertThat(keys.authenticate(key)).isPresent();
        assertThat(keys.authenticate(other)).isPresent();

        try (SqliteStore cli = open(dir)) {
            new ApiKeys(cli, CLOCK, "").revoke(key);
        }
        pass(ApiKeys.REVOCATION_CHECK.minusNanos(1));
        assertThat(keys.authenticate(key)).as("the cache answers within the interval").isPresent();

        pass(java.time.Duration.ofNanos(1));

        assertThat(keys.authenticate(key)).isEmpty();
        assertThat(keys.authenticate(other)).as("other keys are read again and still admitted").isPresent();
    }

    @Test
    void revoke_keyRevokedBefore_saysSoAndChangesNothing() {
        String key = keys.create("default", Scope.ADMIN);
        keys.revoke(key);

        assertThat(keys.revoke(key)).hasValueSatisfying(r -> assertThat(r.earlier()).isTrue());
        assertThat(store.keyRevocations()).isEqualTo(1);
    }

    @Test
    void revoke_unknownId_isEmpty() {
        assertThat(keys.revoke("0123456789ab")).isEmpty();
    }

    @Test
    void keyId_acceptsTheIdOrTheWholeKey_andRefusesAnythingElseWithoutEchoingIt() {
        assertThat(ApiKeys.keyId("0123456789ab")).isEqualTo("0123456789ab");
        assertThat(ApiKeys.keyId(" 0123456789AB ")).isEqualTo("0123456789ab");
        assertThat(ApiKeys.keyId("fl_0123456789ab_" + "f".repeat(64))).isEqualTo("0123456789ab");

        assertThatThrownBy(() -> ApiKeys.keyId("fl_0123_secretsecret")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fl_<id>_<secret>").hasMessageNotContaining("secretsecret");
        assertThatThrownBy(() -> ApiKeys.keyId("my-env-secret")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 hex digits").hasMessageNotContaining("my-env-secret");
    }

    @Test
    void revocationCountUnreadable_keysAreReadAgainFromTheDatabase() {
        String key = keys.create("default", Scope.INGEST);
        assertThat(keys.authenticate(key)).isPresent();
        store.inTransaction(c -> c.createStatement().executeUpdate(
                "INSERT INTO settings (name, value) VALUES ('keys.revocations', 'not a number')"));
        pass(ApiKeys.REVOCATION_CHECK);

        assertThat(keys.authenticate(key)).isPresent();

        assertThat(calls("key")).isEqualTo(2);
    }
}
