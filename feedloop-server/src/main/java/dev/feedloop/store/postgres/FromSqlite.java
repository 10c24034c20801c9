package dev.feedloop.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.feedloop.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Copies a SQLite database into a PostgreSQL one, table by table in batches, so that a team can move
 * off the embedded default ({@code feedloop migrate}). Every row keeps its key; a row whose key is in
 * the target already is left as it is, so running the copy again is harmless and an interrupted copy
 * continues where its last committed batch ended (the rows of a table go in rowid order, so the
 * copied rows are a prefix, found by binary search). Times (epoch milliseconds in SQLite) become
 * timestamptz, 0/1 flags booleans, JSON text jsonb, and texts take PostgreSQL's NUL escaping
 * ({@link PgText}). The column list and types come from both schemas, so a table added to both
 * migrations is copied without a change here.
 */
public final class FromSqlite {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** SQLite keeps no sequence for these; their rowid becomes PostgreSQL's seq, the key that makes a re-run idempotent. */
    private static final String ROWID_AS = "seq";

    /** One table's rows in the source and in the target after the copy. */
    public record TableCount(String table, long source, long target) {
        public boolean complete() {
            return target >= source;
        }
    }

    /** Told after each committed batch. */
    public interface Progress {
        void copied(String table, long done, long total);
    }

    private final Path source;
    private final PostgresUrl target;
    private final int batchSize;

    /**
     * @throws IllegalArgumentException when the batch size is below 1
     */
    public FromSqlite(Path source, PostgresUrl target, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.source = source;
        this.target = target;
        this.batchSize = batchSize;
    }

    /**
     * Copies every table, then counts each one on both sides.
     *
     * @throws StoreException with one sentence when a database cannot be read or written, the target
     *         lacks a table or column of the source, or the target was given another pseudonym secret
     */
    public List<TableCount> copy(Progress progress) {
        if (!Files.isRegularFile(source)) {
            throw new StoreException("there is no SQLite database at " + source, null);
        }
        try (Connection from = openSource(); Connection to = openTarget()) {
            List<String> tables = sourceTables(from);
            checkSettings(from, to);
            List<TableCount> counts = new ArrayList<>();
            for (String table : tables) {
                Table t = Table.describe(from, to, table);
                long total = count(from, table);
                long present = count(to, table);
                if (present != total) {
                    copyTable(from, to, t, total, progress);
                }
                progress.copied(table, total, total);
                counts.add(new TableCount(table, total, count(to, table)));
            }
            return counts;
        } catch (SQLException e) {
            throw new StoreException("the copy from " + source + " to " + target.display() + " failed: "
                    + PgProblems.message(e), e);
        }
    }

    private Connection openSource() throws SQLException {
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: the source is only read
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + source, p);
        } catch (SQLException e) {
            throw new StoreException("cannot read the SQLite database " + source + ": " + e.getMessage(), e);
        }
    }

    private Connection openTarget() throws SQLException {
        Properties p = new Properties();
        if (target.password() != null) {
            p.setProperty("password", target.password());
        }
        p.setProperty("reWriteBatchedInserts", "true"); // one multi-row INSERT per batch, not one per row
        try {
            return DriverManager.getConnection(target.jdbcUrl(), p);
        } catch (SQLException e) {
            throw new StoreException("cannot open the PostgreSQL database " + target.display() + ": "
                    + PgProblems.message(e), e);
        }
    }

    private static List<String> sourceTables(Connection from) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master"
                + " WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'flyway%' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        if (!out.contains("responses")) {
            throw new StoreException("the SQLite file is not a Feedloop database (it has no responses table)", null);
        }
        return out;
    }

    /**
     * The pseudonym secret makes user ids comparable across time: a target that a server has given a
     * secret of its own would pseudonymise new traffic differently from the copied rows.
     */
    private void checkSettings(Connection from, Connection to) throws SQLException {
        String name = "pseudonym_secret";
        String mine = setting(from, name);
        String theirs = setting(to, name);
        if (mine != null && theirs != null && !mine.equals(theirs)) {
            throw new StoreException(target.display() + " already has another pseudonym secret (a server has"
                    + " used it); migrate into a new, empty PostgreSQL database", null);
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void copyTable(Connection from, Connection to, Table t, long total, Progress progress)
            throws SQLException {
        long after = copiedPrefix(from, to, t);
        long done = after < 0 ? 0 : rowsUpTo(from, t.name, after);
        copyFrom(from, to, t, after, done, total, progress);
        if (count(to, t.name) < total && after >= 0) {
            // the copied rows were not a prefix (the target had rows of its own): go through them all
            copyFrom(from, to, t, Long.MIN_VALUE, 0, total, progress);
        }
        if (t.types.containsKey(ROWID_AS)) {
            try (Statement st = to.createStatement()) {
                // new rows the servers add must not take a copied seq
                st.execute("SELECT setval(pg_get_serial_sequence('" + t.name + "', 'seq'),"
                        + " GREATEST((SELECT max(seq) FROM " + t.name + "), 1))");
            }
        }
    }

    private void copyFrom(Connection from, Connection to, Table t, long after, long done, long total,
            Progress progress) throws SQLException {
        to.setAutoCommit(false);
        try (PreparedStatement read = from.prepareStatement("SELECT rowid, " + String.join(", ", t.selected)
                + " FROM " + t.name + " WHERE rowid > ? ORDER BY rowid LIMIT " + batchSize);
                PreparedStatement write = to.prepareStatement(t.insert)) {
            long last = after;
            while (true) {
                read.setLong(1, last);
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        t.bind(write, rs);
                        write.addBatch();
                        rows++;
                    }
                }
                if (rows == 0) {
                    break;
                }
                write.executeBatch();
                to.commit();
                done += rows;
                progress.copied(t.name, Math.min(done, total), total);
            }
        } catch (SQLException | RuntimeException e) {
            to.rollback();
            throw e;
        } finally {
            to.setAutoCommit(true);
        }
    }

    /**
     * The rowid of the last source row whose key the target holds, when the held rows are a prefix in
     * rowid order (an earlier, interrupted copy): -1 when the first row is missing.
     */
    private static long copiedPrefix(Connection from, Connection to, Table t) throws SQLException {
        long lo;
        long hi;
        try (Statement st = from.createStatement();
                ResultSet rs = st.executeQuery("SELECT min(rowid), max(rowid) FROM " + t.name)) {
            rs.next();
            lo = rs.getLong(1);
            hi = rs.getLong(2);
            if (rs.wasNull()) {
                return -1;
            }
        }
        if (firstPresentAtOrAfter(from, to, t, lo) < 0) {
            return -1;
        }
        while (lo < hi) { // the largest m whose first row at or after it is held
            long mid = lo + (hi - lo + 1) / 2;
            if (firstPresentAtOrAfter(from, to, t, mid) >= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return firstPresentAtOrAfter(from, to, t, lo);
    }

    /** The rowid of the first source row at or after {@code rowid} when the target holds its key, else -1. */
    private static long firstPresentAtOrAfter(Connection from, Connection to, Table t, long rowid)
            throws SQLException {
        List<Object> key = new ArrayList<>();
        long found;
        try (PreparedStatement ps = from.prepareStatement("SELECT rowid, " + String.join(", ", t.sourceKey)
                + " FROM " + t.name + " WHERE rowid >= ? ORDER BY rowid LIMIT 1")) {
            ps.setLong(1, rowid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return -1;
                }
                found = rs.getLong(1);
                for (int i = 0; i < t.sourceKey.size(); i++) {
                    key.add(rs.getObject(i + 2));
                }
            }
        }
        List<String> where = new ArrayList<>();
        t.key.forEach(k -> where.add(k + " = ?"));
        try (PreparedStatement ps = to.prepareStatement("SELECT 1 FROM " + t.name + " WHERE "
                + String.join(" AND ", where))) {
            for (int i = 0; i < key.size(); i++) {
                Object v = key.get(i);
                if (v instanceof String s) {
                    ps.setString(i + 1, PgText.escape(s));
                } else {
                    ps.setObject(i + 1, v);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? found : -1;
            }
        }
    }

    private static long rowsUpTo(Connection from, String table, long rowid) throws SQLException {
        try (PreparedStatement ps = from.prepareStatement("SELECT count(*) FROM " + table + " WHERE rowid <= ?")) {
            ps.setLong(1, rowid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A table as both schemas describe it: the target's columns and types, and where each comes from. */
    private record Table(String name, List<String> columns, Map<String, String> types, List<String> sourceColumns,
            List<String> selected, List<String> key, List<String> sourceKey, String insert) {

        static Table describe(Connection from, Connection to, String name) throws SQLException {
            Map<String, String> types = new LinkedHashMap<>();
            try (PreparedStatement ps = to.prepareStatement("SELECT column_name, data_type FROM"
                    + " information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"
                    + " ORDER BY ordinal_position")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        types.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            if (types.isEmpty()) {
                throw new StoreException("the PostgreSQL database has no table " + name + ", which the SQLite one"
                        + " has; migrate with the same Feedloop version that wrote the SQLite database", null);
            }
            List<String> sourceColumns = new ArrayList<>();
            try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + name + ")")) {
                while (rs.next()) {
                    sourceColumns.add(rs.getString("name"));
                }
            }
            List<String> columns = new ArrayList<>();
            List<String> selected = new ArrayList<>();
            for (String column : sourceColumns) {
                if (!types.containsKey(column)) {
                    throw new StoreException("the PostgreSQL table " + name + " has no column " + column + ", which"
                            + " the SQLite one has; migrate with the same Feedloop version that wrote the SQLite"
                            + " database", null);
                }
                columns.add(column);
                selected.add(column);
            }
            if (types.containsKey(ROWID_AS) && !sourceColumns.contains(ROWID_AS)) {
                columns.add(ROWID_AS);
                selected.add("rowid");
            }
            List<String> key = primaryKey(to, name);
            List<String> sourceKey = key.stream().map(k -> sourceColumns.contains(k) ? k : "rowid").toList();
            List<String> values = new ArrayList<>();
            for (String c : columns) {
                values.add(types.get(c).equals("jsonb") ? "?::jsonb" : "?");
            }
            String insert = "INSERT INTO " + name + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", values) + ") ON CONFLICT DO NOTHING";
            return new Table(name, columns, types, sourceColumns, selected, key, sourceKey, insert);
        }

        private static List<String> primaryKey(Connection to, String name) throws SQLException {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = to.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                    + " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                    + " WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            if (out.isEmpty()) {
                throw new StoreException("the PostgreSQL table " + name + " has no primary key to copy by", null);
            }
            return out;
        }

        /** Binds one source row (rowid first, then {@link #selected}) to the insert. */
        void bind(PreparedStatement ps, ResultSet rs) throws SQLException {
            for (int i = 0; i < columns.size(); i++) {
                String type = types.get(columns.get(i));
                int in = i + 2;
                int out = i + 1;
                Object v = rs.getObject(in);
                if (v == null) {
                    ps.setNull(out, sqlType(type));
                    continue;
                }
                switch (type) {
                    case "timestamp with time zone" -> ps.setObject(out, PgText.ts(Instant.ofEpochMilli(rs.getLong(in))));
                    case "boolean" -> ps.setBoolean(out, rs.getLong(in) != 0);
                    case "bytea" -> ps.setBytes(out, rs.getBytes(in));
                    case "smallint" -> ps.setShort(out, (short) rs.getLong(in));
                    case "integer" -> ps.setInt(out, (int) rs.getLong(in));
                    case "bigint" -> ps.setLong(out, rs.getLong(in));
                    case "double precision", "real" -> ps.setDouble(out, rs.getDouble(in));
                    case "jsonb" -> ps.setString(out, escapedJson(rs.getString(in)));
                    default -> ps.setString(out, PgText.escape(rs.getString(in)));
                }
            }
        }

        private static int sqlType(String type) {
            return switch (type) {
                case "timestamp with time zone" -> Types.TIMESTAMP_WITH_TIMEZONE;
                case "boolean" -> Types.BOOLEAN;
                case "bytea" -> Types.BINARY;
                case "smallint" -> Types.SMALLINT;
                case "integer" -> Types.INTEGER;
                case "bigint" -> Types.BIGINT;
                case "double precision", "real" -> Types.DOUBLE;
                default -> Types.VARCHAR;
            };
        }
    }

    /** JSON text with every string escaped as {@link PgText} stores it (jsonb cannot hold NUL either). */
    static String escapedJson(String json) {
        if (json.indexOf("\\u") < 0 && json.indexOf('\uFFFF') < 0) {
            return json;
        }
        try {
            return JSON.writeValueAsString(escaped(JSON.readTree(json)));
        } catch (IOException e) {
            throw new StoreException("a JSON column of the SQLite database is not JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode escaped(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(PgText.escape(node.asText()));
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(escaped(n)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(PgText.escape(e.getKey()), escaped(e.getValue()));
            }
            return out;
        }
        return node;
    }
}
