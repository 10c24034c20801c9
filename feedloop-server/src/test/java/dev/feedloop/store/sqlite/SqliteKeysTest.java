package dev.feedloop.store.sqlite;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.ApiKeyRecord.Scope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteKeysTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path dir;
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static SqliteStore open(Path dir) {
        return SqliteStore.open(dir.resolve("feedloop.db"), Clock.fixed(NOW, ZoneOffset.UTC),
                SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
    }

    private static ApiKeyRecord key(String id, String project, int minutesAgo) {
        return new ApiKeyRecord(id, project, Scope.INGEST, "hash-" + id, NOW.minusSeconds(60L * minutesAgo));
    }

    @Test
    void keys_ofOneProjectOrOfEvery_oldestFirst() {
        store.saveKey(key("aaaaaaaaaaa1", "default", 1));
        store.saveKey(key("aaaaaaaaaaa2", "acme", 3));
        store.saveKey(key("aaaaaaaaaaa3", "default", 2));

        assertThat(store.keys("default")).extracting(ApiKeyRecord::keyId)
                .containsExactly("aaaaaaaaaaa3", "aaaaaaaaaaa1");
        assertThat(store.keys(null)).extracting(ApiKeyRecord::keyId)
                .containsExactly("aaaaaaaaaaa2", "aaaaaaaaaaa3", "aaaaaaaaaaa1");
        assertThat(store.keys("nobody")).isEmpty();
        assertThat(store.keys(null)).allSatisfy(k -> {
            assertThat(k.revoked()).isFalse();
            assertThat(k.revokedAt()).isNull();
        });
    }

    @Test
    void revokeKey_keepsTheRowWithItsTime_andTheKeyNoLongerAdmits() {
        store.saveKey(key("aaaaaaaaaaa1", "default", 1));

        assertThat(store.revokeKey("aaaaaaaaaaa1", NOW)).isTrue();

        assertThat(store.key("aaaaaaaaaaa1")).isEmpty();
        assertThat(store.keys("default")).singleElement().satisfies(k -> {
            assertThat(k.revoked()).isTrue();
            assertThat(k.revokedAt()).isEqualTo(NOW);
            assertThat(k.secretHash()).isEqualTo("hash-aaaaaaaaaaa1");
        });
    }

    @Test
    void revokeKey_unknownOrAlreadyRevoked_changesNothing() {
        store.saveKey(key("aaaaaaaaaaa1", "default", 1));
        store.revokeKey("aaaaaaaaaaa1", NOW.minusSeconds(5));
        long revocations = store.keyRevocations();

        assertThat(store.revokeKey("aaaaaaaaaaa1", NOW)).isFalse();
        assertThat(store.revokeKey("bbbbbbbbbbbb", NOW)).isFalse();

        assertThat(store.keyRevocations()).isEqualTo(revocations);
        assertThat(store.keys("default").get(0).revokedAt()).isEqualTo(NOW.minusSeconds(5));
    }

    @Test
    void keyRevocations_changesWithARevocationByAnotherStoreOnTheSameFile() {
        store.saveKey(key("aaaaaaaaaaa1", "default", 1));
        long before = store.keyRevocations();

        try (SqliteStore other = open(dir)) {
            assertThat(other.revokeKey("aaaaaaaaaaa1", NOW)).isTrue();
        }

        assertThat(store.keyRevocations()).isNotEqualTo(before);
        assertThat(store.key("aaaaaaaaaaa1")).isEmpty();
    }
}
