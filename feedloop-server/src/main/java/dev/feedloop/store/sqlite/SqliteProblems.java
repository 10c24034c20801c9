package dev.feedloop.store.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;

/**
 * Why a database file cannot be used, as one sentence. The driver's own messages
 * ({@code [SQLITE_NOTADB] File opened that is not a database file}) and Flyway's (an
 * {@code SQL State / Error Code} block, advice to call {@code baseline()}) speak of their
 * internals; the command line prints this message as it is, so it must say what is wrong with
 * the file and what to do.
 */
final class SqliteProblems {
    private SqliteProblems() {
    }

    /**
     * @param file    the database as the user named it
     * @param failure what opening or migrating it threw, anywhere in whose causes a driver error may be
     */
    static String describe(Path file, Throwable failure) {
        SQLException driver = driverError(failure);
        if (driver != null) {
            return describe(file, driver.getErrorCode() & 0xff);
        }
        if (failure instanceof FlywayException && anotherProgram(failure.getMessage())) {
            return file + " is a SQLite database of another program (it has tables but no Feedloop schema);"
                    + " point --db at a Feedloop database or at a new file";
        }
        if (failure instanceof FlywayException && String.valueOf(failure.getMessage()).contains("Validate failed")) {
            return "the schema of " + file + " does not match this version of feedloop (was it changed by another"
                    + " version, or by hand?)";
        }
        return cannotUse(file);
    }

    /** The sentence for SQLite's primary result code (the low byte of an extended one). */
    private static String describe(Path file, int code) {
        return switch (code) {
            case 26 -> file + " is not a SQLite database, or it is encrypted (is --db pointing at the right file?)";
            case 13 -> "the disk holding " + file + " is full; free some space and try again";
            case 5, 6 -> file + " is locked by another program; try again when it is done";
            case 8 -> file + " is read-only; feedloop writes to it and to files beside it (" + file.getFileName()
                    + "-wal, " + file.getFileName() + "-shm): check the permissions of the file and its folder";
            case 14 -> file + " cannot be opened; check that its folder exists and that feedloop may read and write there";
            case 3, 23 -> "no permission to open " + file;
            case 11 -> file + " is damaged (the database file is corrupt); restore it from a backup";
            case 10 -> "reading or writing " + file + " failed (an error of the disk or file system)";
            default -> cannotUse(file);
        };
    }

    /**
     * Why a read or write of an open database failed, as a phrase to follow "write failed: ";
     * a failure that did not come from the driver keeps its own message.
     */
    static String inUse(Throwable failure) {
        SQLException driver = driverError(failure);
        if (driver == null) {
            return String.valueOf(failure.getMessage());
        }
        return switch (driver.getErrorCode() & 0xff) {
            case 13 -> "the disk is full; free some space and try again";
            case 5, 6 -> "the database is locked by another program; try again when it is done";
            case 8 -> "the database file is read-only; check the permissions of the file and its folder";
            case 11 -> "the database file is damaged; restore it from a backup";
            case 10 -> "an error of the disk or file system";
            case 26 -> "the database file is no longer a SQLite database (was it overwritten?)";
            default -> "an unexpected database error (run with FEEDLOOP_LOG_LEVEL=DEBUG to see it)";
        };
    }

    private static String cannotUse(Path file) {
        return file + " cannot be used as the database; run with FEEDLOOP_LOG_LEVEL=DEBUG to see why";
    }

    /** Flyway refuses a database with tables but without its history table. */
    private static boolean anotherProgram(String message) {
        return message != null && message.contains("non-empty schema") && message.contains("no schema history");
    }

    private static SQLException driverError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql;
            }
        }
        return null;
    }
}
