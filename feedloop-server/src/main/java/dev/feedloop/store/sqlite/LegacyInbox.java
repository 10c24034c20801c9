package dev.feedloop.store.sqlite;

import dev.feedloop.store.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest inbox of earlier versions: an SQLite file {@code <db>-inbox} with a table of encoded
 * batches. A run that crashed may have left acknowledged entries in it; opening the store applies
 * them, then removes the file, before the {@link InboxLog} takes over.
 */
final class LegacyInbox {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyInbox.class);

    private LegacyInbox() {
    }

    /** Applies what {@code file} holds beyond the database's applied position, then deletes it. */
    static void drain(Path file, Inbox.Target target, String appliedPosition) throws SQLException, IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            String id = null;
            boolean hasTable;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE name IN ('inbox', 'meta')")) {
                hasTable = rs.getInt(1) == 2;
            }
            if (hasTable) {
                try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE name = 'id'")) {
                    id = rs.next() ? rs.getString(1) : null;
                }
            }
            if (id != null) {
                apply(c, id, target, appliedPosition);
            }
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }

    private static void apply(Connection c, String id, Inbox.Target target, String appliedPosition)
            throws SQLException {
        long applied = Inbox.position(appliedPosition, id);
        List<Batch> batches = new ArrayList<>();
        long last = applied;
        int events = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, payload FROM inbox WHERE seq > ? ORDER BY seq")) {
            ps.setLong(1, applied);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    try {
                        Batch b = BatchCodec.decode(rs.getBytes(2));
                        batches.add(b);
                        events += b.responses().size() + b.feedback().size();
                    } catch (IOException e) {
                        LOG.error("legacy inbox entry {} cannot be read and is skipped: {}", last, e.getMessage());
                    }
                }
            }
        }
        if (last > applied) {
            target.apply(batches, id + ":" + last);
            LOG.info("applied {} events left in the ingest inbox of an earlier version", events);
        }
    }
}
