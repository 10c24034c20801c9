package dev.feedloop.store.sqlite.inbox;

import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.WriteResult;
import dev.feedloop.store.sqlite.GroupCommitter;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The acknowledgement path's work on the {@code feedloop-inbox-writer} thread (a
 * {@link GroupCommitter} that runs no transaction of its own): each append claims its records' keys
 * in {@link PendingKeys} (a key another append holds is a duplicate); before the group's "commit",
 * the candidates are checked against the main database (skipped for the keys the {@link StoredKeys}
 * filter knows are new) and the group's new records are appended to the {@link InboxLog} as one
 * entry. The committer then has the log flushed ({@code WalSync}) and completes the appends.
 */
final class InboxWriter implements GroupCommitter.Hooks {
    /** One append's outcome, completed just before its group's entry is written. */
    private static final class Appended {
        final List<Boolean> responsesStored;
        final List<Boolean> feedbackStored;
        long seq;
        int events;

        Appended(int responses, int feedback) {
            responsesStored = new ArrayList<>(responses);
            feedbackStored = new ArrayList<>(feedback);
        }

        WriteResult result() {
            return new WriteResult(responsesStored, feedbackStored);
        }
    }

    private final GroupCommitter committer;
    private final InboxLog log;
    /** Appended entries not yet applied, by sequence number (see {@link Inbox}). */
    private final ConcurrentSkipListMap<Long, InboxLog.Slot> waiting;
    private final Backlog backlog;
    private final PendingKeys pending = new PendingKeys();
    /** Numbers the appends: a key in {@code pending} belongs to one of them. */
    private final AtomicLong owners = new AtomicLong();
    /** Statements of the writer thread, prepared once (SQLite compiles each prepareStatement anew). */
    private final PreparedStatement responseExists;
    private final PreparedStatement feedbackExists;
    private final PreparedStatement directWrites;
    /** Which keys the database may hold: most checks of new keys skip it. Writer thread. */
    private final StoredKeys stored;
    /** Stands in for a direct-write count that is not a number: below every real one. Writer thread. */
    private long unreadableDirectWrites = Long.MIN_VALUE / 2;
    private final Ticker ticker;
    /** When the direct-write count was last read (on the ticker); writer thread only. */
    private long directWritesChecked;
    /** The appends of the current group; writer thread only. */
    private final List<Append> group = new ArrayList<>();

    /**
     * @param committer the inbox's writer thread, whose connection is {@code lookup}; its hooks are
     *                  to be set to this
     * @param lookup a connection to the main database, for duplicate checks
     */
    InboxWriter(GroupCommitter committer, Connection lookup, StoredKeys.Scan scan, InboxLog log,
            ConcurrentSkipListMap<Long, InboxLog.Slot> waiting, Backlog backlog, Ticker ticker) throws SQLException {
        this.committer = committer;
        this.ticker = ticker;
        this.directWritesChecked = ticker.nanoTime() - Inbox.DIRECT_WRITES_CHECK.toNanos();
        this.log = log;
        this.waiting = waiting;
        this.backlog = backlog;
        this.responseExists = lookup.prepareStatement("SELECT 1 FROM responses WHERE project = ? AND request_id = ?");
        this.feedbackExists = lookup.prepareStatement("SELECT 1 FROM feedback WHERE project = ? AND event_id = ?");
        this.directWrites = lookup.prepareStatement("SELECT value FROM settings WHERE name = '"
                + StoredKeys.DIRECT_WRITES + "'");
        this.stored = new StoredKeys(scan, pending::snapshot, this::onWriter, ticker::nanoTime);
    }

    /**
     * Appends the batch's new records; the future completes once the append is on disk, with each
     * record reported stored or duplicate.
     */
    CompletableFuture<WriteResult> append(Batch batch) {
        Append work = new Append(batch);
        return committer.submitAsync(work).handle((appended, failure) -> {
            if (failure != null) {
                work.release();
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            if (appended.seq > 0) {
                backlog.acknowledged(appended.seq, appended.events);
            }
            return appended.result();
        });
    }

    /** The applier stored these keys' records: from now on the database answers for them. */
    void applied(PendingKeys.Fingerprints keys) {
        onWriter(() -> pending.removeAll(keys));
    }

    /** Runs {@code task} on the writer thread, in order with the appends queued before it. */
    private void onWriter(Runnable task) {
        committer.submitAsync(c -> {
            task.run();
            return null;
        });
    }

    /** True while a filter of stored keys spares duplicate checks. */
    boolean keyFilterReady() {
        return stored.ready();
    }

    /** Waits up to {@code timeout} (real time) for a filter of stored keys to be installed. */
    boolean awaitKeyFilter(Duration timeout) throws InterruptedException {
        return stored.awaitReady(timeout);
    }

    /** Stops building filters of stored keys (the inbox is closing). */
    void closeKeyFilter() {
        stored.close();
    }

    @Override
    public void begin() {
        group.clear();
    }

    @Override
    public void end() {
        group.clear();
    }

    /**
     * Writes the group's new records as one inbox entry: one write per group instead of one per
     * request.
     */
    @Override
    public void beforeCommit(Connection c) throws SQLException {
        long now = ticker.nanoTime();
        if (now - directWritesChecked >= Inbox.DIRECT_WRITES_CHECK.toNanos()) {
            stored.check(directWriteCount());
            directWritesChecked = now;
        }
        List<ResponseRecord> responses = new ArrayList<>();
        List<FeedbackRecord> feedback = new ArrayList<>();
        List<Appended> appends = new ArrayList<>(group.size());
        for (Append a : group) {
            int before = responses.size() + feedback.size();
            a.confirm(responses, feedback);
            a.appended.events = responses.size() + feedback.size() - before;
            appends.add(a.appended);
        }
        int events = responses.size() + feedback.size();
        if (events == 0) {
            return;
        }
        byte[] payload = BatchCodec.encode(new Batch(responses, feedback));
        InboxLog.Slot slot;
        try {
            slot = log.append(events, payload);
        } catch (IOException e) {
            // the group is retried unit by unit; a write that keeps failing fails its callers
            throw new SQLException("cannot write the ingest inbox: " + e.getMessage(), e);
        }
        long seq = slot.seq();
        waiting.put(seq, slot);
        for (Appended a : appends) {
            a.seq = a.events > 0 ? seq : 0;
        }
    }

    /**
     * The database's {@link StoredKeys#DIRECT_WRITES} count: 0 until a direct write sets it, and a
     * new value each time for a row that is not a number (the filter is then never trusted).
     */
    private long directWriteCount() throws SQLException {
        try (ResultSet rs = directWrites.executeQuery()) {
            if (!rs.next()) {
                return 0;
            }
            String value = rs.getString(1);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return ++unreadableDirectWrites;
            }
        }
    }

    /**
     * One batch's append, run on the inbox's writer thread. A record is a candidate when no other
     * append holds its key in {@code pending}; the key then stays claimed until the record is
     * applied. A retried run (after a neighbour's failure rolled the group back) finds its own
     * claims and keeps them. Candidates are checked against the main database and written in
     * {@link #beforeCommit}, once for the whole group.
     */
    private final class Append implements GroupCommitter.Work<Appended> {
        /** Marks this append's claims in {@code pending}. */
        private final long owner = owners.incrementAndGet();
        private final Batch batch;
        /** Each record's key fingerprint: responses first, then feedback (hashed once, used thrice). */
        private final long[][] fingerprints;
        /** The records whose keys this append holds in {@code pending}, by the same index. */
        private final BitSet claimed = new BitSet();
        /** Keys met in the current run: the same record twice in one batch is stored once. */
        private final Set<String> seen = new HashSet<>();
        private Appended appended;

        Append(Batch batch) {
            this.batch = batch;
            this.fingerprints = new long[batch.responses().size() + batch.feedback().size()][];
        }

        @Override
        public Appended run(Connection c) {
            seen.clear();
            appended = new Appended(batch.responses().size(), batch.feedback().size());
            int i = 0;
            for (ResponseRecord r : batch.responses()) {
                appended.responsesStored.add(claim(PendingKeys.responseKey(r), i++));
            }
            for (FeedbackRecord f : batch.feedback()) {
                appended.feedbackStored.add(claim(PendingKeys.feedbackKey(f), i++));
            }
            group.add(this);
            return appended;
        }

        private boolean claim(String key, int index) {
            if (!seen.add(key)) {
                return false;
            }
            if (fingerprints[index] == null) {
                fingerprints[index] = PendingKeys.fingerprint(key);
            }
            if (!pending.claim(fingerprints[index], owner)) {
                return false;
            }
            claimed.set(index);
            return true;
        }

        /** The candidates the main database already holds become duplicates; the rest are returned. */
        void confirm(List<ResponseRecord> responses, List<FeedbackRecord> feedback) throws SQLException {
            int responseCount = batch.responses().size();
            for (int i = 0; i < responseCount; i++) {
                ResponseRecord r = batch.responses().get(i);
                if (appended.responsesStored.get(i)) {
                    if (stored(responseExists, r.project(), r.requestId(), i)) {
                        appended.responsesStored.set(i, false);
                    } else {
                        responses.add(r);
                    }
                }
            }
            for (int i = 0; i < batch.feedback().size(); i++) {
                FeedbackRecord f = batch.feedback().get(i);
                if (appended.feedbackStored.get(i)) {
                    if (stored(feedbackExists, f.project(), f.eventId(), responseCount + i)) {
                        appended.feedbackStored.set(i, false);
                    } else {
                        feedback.add(f);
                    }
                }
            }
        }

        /**
         * True when the database holds the record (its claim is then given up); false when it is
         * new, and the filter learns its key.
         */
        private boolean stored(PreparedStatement query, String project, String id, int index) throws SQLException {
            long[] fingerprint = fingerprints[index];
            if (stored.mightBeStored(fingerprint)) {
                query.setString(1, project);
                query.setString(2, id);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        pending.release(fingerprint, owner);
                        claimed.clear(index);
                        return true;
                    }
                }
            }
            stored.added(fingerprint);
            return false;
        }

        /** After a final failure: the records were not appended, so their keys are free again. */
        void release() {
            claimed.stream().forEach(index -> pending.release(fingerprints[index], owner));
        }
    }
}
