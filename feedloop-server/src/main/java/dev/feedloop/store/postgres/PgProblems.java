package dev.feedloop.store.postgres;

import java.sql.SQLException;

/** PostgreSQL's failures in words a user can act on; the driver's own stay in the debug log. */
final class PgProblems {
    private PgProblems() {
    }

    /** Deadlock or serialization failure: the transaction may simply be run again. */
    static boolean retriable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    static String message(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            return "the connection to PostgreSQL failed (" + firstLine(e.getMessage()) + "); is the server running"
                    + " and reachable at the host and port of --db?";
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return "PostgreSQL refused the login (" + firstLine(e.getMessage()) + "); check the user in --db and"
                    + " FEEDLOOP_DB_PASSWORD";
        }
        if (state.equals("3D000")) {
            return firstLine(e.getMessage()) + "; create it first (createdb NAME) or name an existing one in --db";
        }
        if (state.equals("42501")) {
            return firstLine(e.getMessage()) + "; the user in --db needs the right to create tables in its schema";
        }
        return firstLine(e.getMessage());
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
