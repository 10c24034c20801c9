package dev.feedloop.store.postgres;

import dev.feedloop.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Job leases as rows of {@code job_leases} (one per job: holder, expiry, last period done), and
 * named locks as PostgreSQL advisory locks. A lease row outlives its holder, so a killed instance's
 * lease simply expires; an advisory lock ends with its connection.
 */
final class PgLeases {
    private final PgDatabase db;

    PgLeases(PgDatabase db) {
        this.db = db;
    }

    boolean claim(String job, long period, String holder, Instant now, Duration ttl) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_leases (job) VALUES (?)"
                    + " ON CONFLICT (job) DO NOTHING")) {
                ps.setString(1, job);
                ps.executeUpdate();
            }
            // the row lock of the UPDATE orders concurrent claims: the second sees the first's holder
            try (PreparedStatement ps = c.prepareStatement("UPDATE job_leases SET holder = ?, expires_at = ?,"
                    + " claimed = ? WHERE job = ? AND done_period < ?"
                    + " AND (holder IS NULL OR holder = ? OR expires_at <= ?)")) {
                ps.setString(1, holder);
                ps.setObject(2, PgText.ts(now.plus(ttl)));
                ps.setLong(3, period);
                ps.setString(4, job);
                ps.setLong(5, period);
                ps.setString(6, holder);
                ps.setObject(7, PgText.ts(now));
                return ps.executeUpdate() == 1;
            }
        });
    }

    boolean abandoned(String job, long period, Instant now) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM job_leases WHERE job = ? AND claimed = ?"
                    + " AND done_period < ? AND holder IS NOT NULL AND expires_at <= ?")) {
                ps.setString(1, job);
                ps.setLong(2, period);
                ps.setLong(3, period);
                ps.setObject(4, PgText.ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    boolean renew(String job, String holder, Instant now, Duration ttl) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE job_leases SET expires_at = ?"
                    + " WHERE job = ? AND holder = ?")) {
                ps.setObject(1, PgText.ts(now.plus(ttl)));
                ps.setString(2, job);
                ps.setString(3, holder);
                return ps.executeUpdate() == 1;
            }
        });
    }

    void complete(String job, long period, String holder) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE job_leases SET holder = NULL, expires_at = NULL,"
                    + " done_period = greatest(done_period, ?) WHERE job = ? AND holder = ?")) {
                ps.setLong(1, period);
                ps.setString(2, job);
                ps.setString(3, holder);
                return ps.executeUpdate();
            }
        });
    }

    void release(String job, String holder) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE job_leases SET holder = NULL, expires_at = NULL"
                    + " WHERE job = ? AND holder = ?")) {
                ps.setString(1, job);
                ps.setString(2, holder);
                return ps.executeUpdate();
            }
        });
    }

    /** Waits for the session advisory lock named {@code name}, runs the work, and unlocks. */
    <T> T exclusively(String name, Supplier<T> work) {
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
                ps.setString(1, "feedloop:" + name);
                ps.execute();
            }
            try {
                return work.get();
            } finally {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                    ps.setString(1, "feedloop:" + name);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot take the lock '" + name + "' on " + db.name() + ": "
                    + PgProblems.message(e), e);
        }
    }
}
