package dev.feedloop.routing;

import java.util.List;
import java.util.Optional;

/**
 * A place tickets live: GitHub Issues, a webhook, or the store alone. Each call either succeeds or
 * throws {@link TrackerException}, which says whether trying again later can help.
 */
public interface Tracker {

    /** The name stored with a ticket: github, jira, linear, webhook, local. */
    String name();

    /**
     * The ticket carrying {@code marker} (a label and a hidden line of its body), if the tracker has
     * one: what makes a create after a crash find the ticket instead of opening a second one.
     */
    Optional<TicketRef> find(String marker);

    TicketRef create(String title, String body, List<String> labels, String marker);

    void comment(TicketRef ticket, String body);

    /** Opens or closes the ticket, with a comment saying why. */
    void setOpen(TicketRef ticket, boolean open, String comment);

    /** Gives the ticket another title and labels (a cause override re-routes it). */
    void relabel(TicketRef ticket, String title, List<String> labels, String marker);

    /** A ticket in a tracker: its key (an issue number, a Jira key) and its address, when it has one. */
    record TicketRef(String key, String url) {
    }
}
