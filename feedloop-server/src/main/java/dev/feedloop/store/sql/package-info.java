/**
 * SQL that the SQLite and PostgreSQL stores share, written once against a {@link
 * dev.feedloop.store.sql.SqlDialect}: each store supplies its dialect (connections, times, text) and
 * keeps only the SQL that really differs (JSON functions, bulk writes, locks).
 */
package dev.feedloop.store.sql;
