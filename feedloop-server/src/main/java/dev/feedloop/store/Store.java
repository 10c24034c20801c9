package dev.feedloop.store;

/**
 * Everything Feedloop keeps, as one database implements it: the parts each stage uses are
 * {@link CaptureStore}, {@link TriageStore}, {@link FixStore} and {@link KeyStore}, so a second
 * database can be written and tested part by part. Implementations are thread-safe; a write that
 * returns has been committed to durable storage.
 */
public interface Store extends CaptureStore, FixStore, KeyStore, TicketStore, RetentionStore, AutoCloseable {

    @Override
    void close();
}
