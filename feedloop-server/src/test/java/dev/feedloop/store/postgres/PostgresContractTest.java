package dev.feedloop.store.postgres;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.Store;
import dev.feedloop.store.StoreContract;
import java.time.Clock;

/** The store contract on a real PostgreSQL (embedded), a fresh schema per test. */
class PostgresContractTest extends StoreContract {
    @Override
    protected Store open(Clock clock) {
        return PostgresStore.open(PostgresUrl.parse(TestPostgres.freshUrl(), null), clock, CaptureRules.STANDARD);
    }
}
