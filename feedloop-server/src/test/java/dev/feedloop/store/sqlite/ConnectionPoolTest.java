package dev.feedloop.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class ConnectionPoolTest {
    @TempDir
    Path dir;

    @Test
    void read_runsTheHookFirst_readNowSkipsIt() {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve("p.db"));
        AtomicInteger hooks = new AtomicInteger();
        try (ConnectionPool pool = new ConnectionPool(source, 2)) {
            pool.beforeRead(hooks::incrementAndGet);

            int viaRead = pool.read(c -> one(c));
            assertThat(hooks).hasValue(1);

            int viaReadNow = pool.readNow(c -> one(c));
            assertThat(hooks).hasValue(1);
            assertThat(viaRead).isEqualTo(viaReadNow).isEqualTo(1);
        }
    }

    private static int one(java.sql.Connection c) throws java.sql.SQLException {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            return rs.getInt(1);
        }
    }
}
