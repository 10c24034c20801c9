package dev.feedloop.store.sqlite;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.feedloop.PlainMessages;
import dev.feedloop.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Files that exist but cannot serve as the database: each is one sentence, without the driver's words. */
class UnusableDatabaseTest {
    @TempDir
    Path dir;

    private static StoreException openFails(Path file) {
        try {
            SqliteStore.open(file, Clock.systemUTC(), SqliteStore.Durability.NORMAL, CaptureRules.STANDARD).close();
        } catch (StoreException e) {
            return e;
        }
        throw new AssertionError("opened " + file);
    }

    @Test
    void open_textFile_saysItIsNotASqliteDatabase_andLeavesItAlone() throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), "# Feedloop\n\nTurns what real users do...\n");

        StoreException e = openFails(readme);

        assertThat(e.getMessage()).isEqualTo(readme + " is not a SQLite database, or it is encrypted"
                + " (is --db pointing at the right file?)");
        assertThat(Files.readString(readme)).startsWith("# Feedloop");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(readme);
        }
    }

    @Test
    void open_binaryGarbage_saysItIsNotASqliteDatabase() throws IOException {
        byte[] garbage = new byte[8192];
        new java.util.Random(7).nextBytes(garbage);
        Path file = Files.write(dir.resolve("feedloop.db"), garbage);

        StoreException e = openFails(file);

        assertThat(e.getMessage()).startsWith(file + " is not a SQLite database");
        PlainMessages.assertPlain(e.getMessage());
    }

    @Test
    void open_folder_saysItIsAFolder() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("data"));

        assertThat(openFails(folder).getMessage())
                .isEqualTo(folder + " is a folder, not a database file (is --db pointing at the right file?)");
    }

    @Test
    void open_databaseOfAnotherProgram_saysSo() throws SQLException {
        Path other = dir.resolve("other.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other)) {
            c.createStatement().execute("create table notes (id integer primary key, body text)");
        }

        StoreException e = openFails(other);

        assertThat(e.getMessage()).isEqualTo(other + " is a SQLite database of another program (it has tables but"
                + " no Feedloop schema); point --db at a Feedloop database or at a new file");
    }

    @Test
    void open_readOnlyFile_saysFeedloopMustWriteIt() throws IOException {
        Path db = dir.resolve("feedloop.db");
        SqliteStore.open(db, Clock.systemUTC(), SqliteStore.Durability.NORMAL, CaptureRules.STANDARD).close();
        assumeTrue(db.toFile().setWritable(false, false) && !Files.isWritable(db), "the file system lets us write anyway (root)");

        StoreException e = openFails(db);

        assertThat(e.getMessage()).startsWith(db + " is read-only");
        PlainMessages.assertPlain(e.getMessage());
    }

    @Test
    void open_unreadableFile_saysSo() throws IOException {
        Path db = dir.resolve("feedloop.db");
        SqliteStore.open(db, Clock.systemUTC(), SqliteStore.Durability.NORMAL, CaptureRules.STANDARD).close();
        assumeTrue(db.toFile().setReadable(false, false) && !Files.isReadable(db), "the file system lets us read anyway (root)");

        assertThat(openFails(db).getMessage())
                .isEqualTo("no permission to read " + db + "; check the file's permissions");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SQLITE_NOTADB   | x.db is not a SQLite database, or it is encrypted (is --db pointing at the right file?)
            SQLITE_FULL     | the disk holding x.db is full; free some space and try again
            SQLITE_BUSY     | x.db is locked by another program; try again when it is done
            SQLITE_LOCKED   | x.db is locked by another program; try again when it is done
            SQLITE_READONLY | x.db is read-only; feedloop writes to it and to files beside it (x.db-wal, x.db-shm): check the permissions of the file and its folder
            SQLITE_CANTOPEN | x.db cannot be opened; check that its folder exists and that feedloop may read and write there
            SQLITE_PERM     | no permission to open x.db
            SQLITE_CORRUPT  | x.db is damaged (the database file is corrupt); restore it from a backup
            SQLITE_IOERR    | reading or writing x.db failed (an error of the disk or file system)
            SQLITE_ERROR    | x.db cannot be used as the database; run with FEEDLOOP_LOG_LEVEL=DEBUG to see why
            """)
    void describe_driverErrors_becomeSentences(SQLiteErrorCode code, String sentence) {
        SQLException driver = new SQLiteException("[" + code.name() + "] " + code.message, code);

        assertThat(SqliteProblems.describe(Path.of("x.db"), new RuntimeException("wrapped", driver))).isEqualTo(sentence);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SQLITE_FULL       | the disk is full; free some space and try again
            SQLITE_BUSY       | the database is locked by another program; try again when it is done
            SQLITE_READONLY   | the database file is read-only; check the permissions of the file and its folder
            SQLITE_CORRUPT    | the database file is damaged; restore it from a backup
            SQLITE_IOERR      | an error of the disk or file system
            SQLITE_CONSTRAINT | an unexpected database error (run with FEEDLOOP_LOG_LEVEL=DEBUG to see it)
            """)
    void inUse_driverErrors_becomePhrases(SQLiteErrorCode code, String phrase) {
        assertThat(SqliteProblems.inUse(new SQLiteException("[" + code.name() + "] " + code.message, code))).isEqualTo(phrase);
    }

    @Test
    void inUse_otherFailures_keepTheirOwnMessage() {
        assertThat(SqliteProblems.inUse(new IllegalStateException("the inbox is closed"))).isEqualTo("the inbox is closed");
    }
}
