package dev.feedloop.store.sqlite;

import java.time.Clock;

/** What each part of the SQLite store works with: the reader pool, the one writer, and the clock. */
record SqliteParts(ConnectionPool readers, GroupCommitter writer, Clock clock) {
}
