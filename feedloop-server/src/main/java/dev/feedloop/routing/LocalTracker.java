package dev.feedloop.routing;

import java.util.List;
import java.util.Optional;

/**
 * No tracker configured: tickets live in the store only (key {@code local:<pattern>}), shown by the
 * CLI and the API. Every call succeeds at once.
 */
public final class LocalTracker implements Tracker {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public Optional<TicketRef> find(String marker) {
        return Optional.empty();
    }

    @Override
    public TicketRef create(String title, String body, List<String> labels, String marker) {
        return new TicketRef("local:" + marker.substring(marker.lastIndexOf('/') + 1), null);
    }

    @Override
    public void comment(TicketRef ticket, String body) {
    }

    @Override
    public void setOpen(TicketRef ticket, boolean open, String comment) {
    }

    @Override
    public void relabel(TicketRef ticket, String title, List<String> labels, String marker) {
    }
}
