package dev.feedloop.store.sqlite.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox's log: entries survive a reopen in order; a torn or stale tail ends it; segments are reused. */
class InboxLogTest {
    private static final int SEGMENT = 4096;

    @TempDir
    Path dir;

    private InboxLog open() throws IOException {
        return InboxLog.open(dir, id -> 1, SEGMENT);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> payloads(InboxLog log) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (InboxLog.Slot s : log.recovered()) {
            out.add(new String(log.read(s), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void entriesAreReadBackInOrderAfterReopening() throws IOException {
        String id;
        try (InboxLog log = open()) {
            id = log.id();
            assertThat(log.append(1, bytes("one")).seq()).isEqualTo(1);
            assertThat(log.append(2, bytes("two")).seq()).isEqualTo(2);
            log.sync(0);
        }
        try (InboxLog log = open()) {
            assertThat(log.id()).isEqualTo(id);
            assertThat(log.recovered()).extracting(InboxLog.Slot::seq).containsExactly(1L, 2L);
            assertThat(log.recovered()).extracting(InboxLog.Slot::events).containsExactly(1, 2);
            assertThat(payloads(log)).containsExactly("one", "two");
            assertThat(log.append(1, bytes("three")).seq()).isEqualTo(3);
        }
    }

    @Test
    void aTornLastEntryEndsTheLogAndIsOverwritten() throws IOException {
        InboxLog.Slot third;
        try (InboxLog log = open()) {
            log.append(1, bytes("one"));
            log.append(1, bytes("two"));
            third = log.append(1, bytes("three"));
            log.sync(0);
        }
        corrupt(third.segment().path, third.offset() + InboxLog.HEADER_BYTES + 1);
        try (InboxLog log = open()) {
            assertThat(payloads(log)).containsExactly("one", "two");
            InboxLog.Slot again = log.append(1, bytes("three again"));
            assertThat(again.seq()).isEqualTo(3);
            assertThat(again.offset()).isEqualTo(third.offset());
            log.sync(0);
        }
        try (InboxLog log = open()) {
            assertThat(payloads(log)).containsExactly("one", "two", "three again");
        }
    }

    @Test
    void entriesRollIntoNewSegmentsAndAppliedSegmentsAreReused() throws IOException {
        byte[] kilobyte = new byte[1100];
        try (InboxLog log = open()) {
            for (int i = 0; i < 12; i++) { // three entries fit in a 4 KiB segment: four segments
                log.append(1, kilobyte);
            }
            log.sync(0);
            assertThat(segmentFiles()).hasSize(4);
            log.release(9); // the first three segments hold 1-9
            assertThat(segmentFiles()).hasSize(1);
            assertThat(spareFiles()).hasSize(InboxLog.MAX_SPARES);
            log.append(1, kilobyte); // 13 and 14 go to a reused spare, whose third slot still holds an old entry
            log.append(1, kilobyte);
            log.sync(0);
            assertThat(spareFiles()).hasSize(InboxLog.MAX_SPARES - 1);
        }
        try (InboxLog log = open()) {
            assertThat(log.recovered()).extracting(InboxLog.Slot::seq).containsExactly(10L, 11L, 12L, 13L, 14L);
            assertThat(log.append(1, kilobyte).seq()).isEqualTo(15);
        }
    }

    @Test
    void anEntryLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
        byte[] big = new byte[3 * SEGMENT];
        big[big.length - 1] = 7;
        try (InboxLog log = open()) {
            log.append(1, bytes("small"));
            log.append(500, big);
            log.append(1, bytes("after"));
            log.sync(0);
        }
        try (InboxLog log = open()) {
            assertThat(log.recovered()).extracting(InboxLog.Slot::seq).containsExactly(1L, 2L, 3L);
            assertThat(log.read(log.recovered().get(1))).isEqualTo(big);
        }
    }

    @Test
    void aLargeFirstEntryReplacesTheEmptySegment() throws IOException {
        byte[] big = new byte[2 * SEGMENT];
        try (InboxLog log = open()) {
            log.append(3, big);
            log.append(1, bytes("after"));
            log.sync(0);
        }
        try (InboxLog log = open()) {
            assertThat(log.recovered()).extracting(InboxLog.Slot::seq).containsExactly(1L, 2L);
            assertThat(new String(log.read(log.recovered().get(1)), StandardCharsets.UTF_8)).isEqualTo("after");
        }
    }

    @Test
    void aLogThatLostEntriesTheDatabaseAppliedStartsAfterThem() throws IOException {
        try (InboxLog log = open()) {
            log.append(1, bytes("one"));
            log.sync(0);
        }
        try (InboxLog log = InboxLog.open(dir, id -> 8, SEGMENT)) {
            assertThat(log.append(1, bytes("eight")).seq()).isEqualTo(8);
            log.sync(0);
        }
        try (InboxLog log = open()) {
            assertThat(log.recovered()).extracting(InboxLog.Slot::seq).containsExactly(8L);
        }
    }

    @Test
    void filesLeftByACrashWhileRecyclingOrCreatingASegmentAreRemoved() throws IOException {
        try (InboxLog log = open()) {
            log.append(1, bytes("one"));
            log.sync(0);
        }
        Files.write(dir.resolve("spare-left.seg"), new byte[SEGMENT]);
        Files.write(dir.resolve("00000000000000000002.seg.tmp"), new byte[10]);
        try (InboxLog log = open()) {
            assertThat(log.recovered()).extracting(InboxLog.Slot::seq).containsExactly(1L);
            assertThat(spareFiles()).isEmpty();
            assertThat(Files.exists(dir.resolve("00000000000000000002.seg.tmp"))).isFalse();
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.seg")).toList();
        }
    }

    private List<Path> spareFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("spare-")).toList();
        }
    }

    private static void corrupt(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), offset);
        }
    }
}
