/**
 * The ingest inbox: the durable front of HTTP ingest for {@link dev.feedloop.store.sqlite.SqliteStore}.
 * Accepted records are appended to a log beside the database and acknowledged once that append is
 * on disk; a thread then moves them into the main database in large transactions. Why, and what is
 * guaranteed: see {@link dev.feedloop.store.sqlite.inbox.Inbox}. This is the map of the pieces.
 *
 * <h2>The pieces</h2>
 *
 * <pre>
 * Inbox          opening and recovery; the API SqliteStore uses (open, append, awaitApplied, close)
 * InboxLock      the file lock: one process at a time owns the inbox
 * InboxWriter    the acknowledgement path's work on the inbox writer thread: key claims,
 *                duplicate checks, one log entry per group
 * PendingKeys    keys appended and not yet applied (128-bit fingerprints), with the append that
 *                claimed each; also how a record's key is spelled
 * StoredKeys     which keys the main database may hold: a KeyFilter built in the background,
 *                dropped when records are stored without the inbox
 * StoredKeyScan  reads every stored key for a StoredKeys build, in pages
 * KeyFilter      a growing (scalable) Bloom filter of key fingerprints
 * InboxLog       the append-only log: numbered, checksummed entries in reused 16 MiB segments
 * BatchCodec     the log's binary form of a batch
 * Backlog        acknowledged-but-unapplied positions and counts, and every wait on them
 *                (back-pressure, read-your-writes, the applier's wait for work)
 * Applier        the apply path's thread and step (recovery runs the same step)
 * Ticker         the clock every wait and interval above is measured on (tests advance a fake one)
 * </pre>
 *
 * <p>Dependencies read one way: this package uses {@code GroupCommitter}, {@code WalSync} and
 * {@code ConnectionPool} of {@code dev.feedloop.store.sqlite}, which never refer to it;
 * {@code SqliteStore} opens the inbox and is its {@code Inbox.Target}, and {@code CaptureWriter}
 * counts direct writes in {@code Inbox.DIRECT_WRITES_SETTING}.
 *
 * <h2>Acknowledgement path (one request)</h2>
 *
 * <pre>
 * feedloop-http      POST /v1/responses, /v1/feedback or /v1/events (ApiServer.ingest)
 *                    parse and validate the JSON (Ingestor, RecordParser; 400 on bad input)
 *                    SqliteStore.writeAsync -&gt; Inbox.append
 *                      closing?                          -&gt; fails: "the store is closing"
 *                      Backlog.full() (&gt;= 80,000 events unapplied)
 *                        -&gt; Backlog.room(): no thread waits; the append is queued when the applier
 *                           brings the backlog below the limit, or fails after ROOM_WAIT (30 s):
 *                           StoreException -&gt; HTTP 503, retry later
 *                      InboxWriter.append: queue an Append on the inbox writer; the server
 *                      thread returns (Javalin answers when the future completes)
 *                                  |
 * feedloop-inbox-writer            v  GroupCommitter: up to 256 queued appends form a group
 *                    Append.run, per record: claim its key in PendingKeys
 *                      same key twice in the batch, or held by another append -&gt; duplicate
 *                    beforeCommit, once per group:
 *                      every DIRECT_WRITES_CHECK (20 ms) at most: read capture.direct_writes
 *                        -&gt; StoredKeys.check (drops or starts building the filter)
 *                      per claimed key: no filter, or it says "maybe" -&gt; SELECT in the database
 *                        found -&gt; duplicate (claim given up); new -&gt; the filter learns the key
 *                      BatchCodec.encode(the group's new records) -&gt; InboxLog.append: one write,
 *                      one entry for the whole group -&gt; waiting.put(seq, slot)
 *                    no SQL transaction: the log is this writer's durable step
 *                                  |  durability FULL: WalSync.afterCommit
 * feedloop-wal-sync                v  (and -2: whichever flusher is idle takes the queue)
 *                    InboxLog.sync(flusher): fdatasync of each segment written since this
 *                    flusher's last flush, through its own descriptor; fsync of the folder when
 *                    a segment was created or renamed. A failed flush fails these appends and
 *                    every later one until restart.
 *                    (durability NORMAL: no flush; the next step follows the write at once)
 *                                  |
 * feedloop-ack                     v  the group's futures completed in slices, in parallel
 *                    Backlog.acknowledged(seq, events): committed position, backlog count; wakes
 *                    the applier when the backlog reaches APPLY_BATCH_EVENTS (20,000)
 *                    WriteResult -&gt; IngestReport -&gt; HTTP 202 written on this thread
 * </pre>
 *
 * <h2>Apply path</h2>
 *
 * <pre>
 * feedloop-inbox-applier
 *   Backlog.awaitWork: idle until something is acknowledged (looked for every IDLE_CHECK, 100 ms),
 *     then until 20,000 events wait, APPLY_DELAY (1 s) passed, a reader waits, or the inbox closes
 *   Applier.applyOnce:
 *     the next entries after the applied position in waiting, up to MAX_APPLY_EVENTS (40,000)
 *     Target.apply(batches, "&lt;inbox id&gt;:&lt;last seq&gt;") = SqliteStore.applyFromInbox
 *       -&gt; feedloop-writer (the main database's GroupCommitter), one transaction:
 *          each entry read back from the log (InboxLog.read, BatchCodec.decode) as it is
 *          iterated, stored by CaptureWriter batch by batch, the applied position stored in the
 *          settings row inbox.applied; durable on return (FULL: feedloop-wal-sync flushes -wal)
 *     Backlog.applied(last seq): the applied position moves (readers see it; woken below)
 *     InboxWriter.applied(keys): on the inbox writer thread, PendingKeys.removeAll (later checks
 *       find these records in the database)
 *     waiting.remove(each seq); InboxLog.release(last seq): segments wholly applied (never the one
 *       being written) are renamed spares for reuse (2 kept) or deleted
 *     Backlog.removed(events): wakes waiters; appends waiting for room go below 80,000
 *   on failure: a warning, a 1 s pause, the same entries again (applying is idempotent)
 * </pre>
 *
 * <h2>Read-your-writes</h2>
 *
 * <p>{@code SqliteStore} sets its readers' {@code beforeRead} to {@link
 * dev.feedloop.store.sqlite.inbox.Inbox#awaitApplied}: a read takes the committed position, makes
 * the applier go at once, and waits until that position is applied, for at most READ_WAIT (10 s),
 * then reads anyway. It returns at once on the applier, the inbox writer and the main writer
 * threads (they are what it waits for). {@code readNow} reads (API keys, the key scan) skip it.
 *
 * <h2>Opening and recovery</h2>
 *
 * <pre>
 * Inbox.open (on the thread opening SqliteStore, before any write is taken)
 *   InboxLock.tryAcquire(&lt;db&gt;-inbox.lock)   held elsewhere -&gt; Optional.empty(): the store
 *                                            writes directly
 *   InboxLog.open(&lt;db&gt;-inbox.d)             reads id, scans the segments in order; the log ends
 *                                            at the first torn, corrupt or out-of-sequence entry
 *   the inbox writer (and, FULL, its two flushers) start; InboxWriter prepares its statements
 *   recovery: entries above the database's inbox.applied go into waiting; Applier.applyOnce runs
 *             here until nothing is left, through feedloop-writer
 *   the applier thread starts; SqliteStore returns
 * Inbox.close: no more appends; the key builder stops; the inbox writer finishes its queue and
 *   closes; the applier applies everything left and ends; the log and the lock are closed.
 * </pre>
 *
 * <h2>The lock and direct writes</h2>
 *
 * <p>Only the process holding {@code <db>-inbox.lock} appends to the inbox. Everything else stores
 * records directly through the main writer: another process (or a second store in this one) on the
 * same database, and {@code SqliteStore.write} (file imports, the embedded Java API). Each such
 * transaction adds one to the settings row {@code capture.direct_writes}. The inbox writer reads
 * it every DIRECT_WRITES_CHECK (20 ms) at most; when it moved, StoredKeys drops the filter (every
 * duplicate check reads the database) and builds a new one once the count has stayed still for
 * {@code StoredKeys.QUIET} (5 s). A record stored directly within those 20 ms may be reported
 * stored by both sides; it is stored once.
 *
 * <h2>Threads</h2>
 *
 * <pre>
 * name                    started by                     does
 * feedloop-http-N         ApiServer (Jetty's pool)       parses, validates, calls Inbox.append;
 *                                                        holds nothing while the append waits
 * feedloop-inbox-writer   Inbox.open (GroupCommitter)    claims keys, checks duplicates, appends
 *                                                        one log entry per group; runs the
 *                                                        PendingKeys removals, filter installs
 * feedloop-wal-sync,      Inbox.open (WalSync over       fdatasync of the log's segments, then
 * feedloop-wal-sync-2     InboxLog.flushers()), FULL     hand the group to the acknowledgers
 * feedloop-ack            each GroupCommitter: a pool    complete the futures: the 202 is
 *                         per writer, a thread per core  written here; Backlog.acknowledged
 * feedloop-inbox-applier  Inbox.open (Applier)           moves entries into the main database,
 *                                                        frees keys, entries and segments
 * feedloop-inbox-keys     StoredKeys (one-thread pool)   scans the stored keys into a new
 *                                                        KeyFilter (StoredKeyScan, readNow)
 * feedloop-writer         SqliteStore (GroupCommitter)   the main database's one writer: the
 *                                                        applier's transactions, direct writes
 * feedloop-wal-sync       SqliteStore (WalSync), FULL    fdatasync of &lt;db&gt;-wal before the
 *                                                        main writer acknowledges
 * feedloop-checkpointer   SqliteStore (Checkpointer)     copies the main database's WAL back
 *                                                        every 200 ms, beside the main writer
 * </pre>
 *
 * <p>An append waiting for room times out on the JDK's {@code CompletableFuture} delay thread
 * (through {@link dev.feedloop.store.sqlite.inbox.Ticker#SYSTEM}). State shared across threads:
 * {@code waiting} (put by the inbox writer, read and removed by the applier), {@code PendingKeys}
 * (claims and removals on the inbox writer; an acknowledger releases a failed append's claims),
 * {@code Backlog} (acknowledgers, the applier, readers, appends), the log's segment lists (writer,
 * flushers, applier; guarded by the log). The filter itself is the inbox writer's alone.
 *
 * <h2>Files</h2>
 *
 * <pre>
 * &lt;db&gt;-inbox.lock                       the lock (empty)
 * &lt;db&gt;-inbox.d/id                       the log's id: applied positions name it
 * &lt;db&gt;-inbox.d/&lt;first seq&gt;.seg          a segment, named by its first entry's number
 *                                       (20 digits); zero-filled when created
 * &lt;db&gt;-inbox.d/spare-&lt;uuid&gt;.seg         an applied segment kept for reuse
 * </pre>
 */
package dev.feedloop.store.sqlite.inbox;
