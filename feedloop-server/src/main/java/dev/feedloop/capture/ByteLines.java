package dev.feedloop.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a file as bytes, ended by {@code \n}, {@code \r\n} or {@code \r}. JSONL lines stay
 * bytes so that Jackson decodes and checks their UTF-8 itself: a {@code Reader} would put U+FFFD
 * in place of a byte that is not UTF-8 and the line would be stored altered, without a word.
 */
final class ByteLines {
    /** Longer lines are not held in memory: far over any valid record (2 x 100k characters of text, 100 documents). */
    static final int MAX_LINE = 64 << 20;
    /** Returned in place of a line longer than {@link #MAX_LINE}, which is skipped. */
    static final byte[] TOO_LONG = new byte[0];

    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    /** Unread bytes are {@code buffer[start, end)}. */
    private int start;
    private int end;
    private boolean eof;
    /** The last line ended with {@code \r}: a {@code \n} right after it belongs to that line end. */
    private boolean afterCr;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its line end, or null at the end of the input. */
    byte[] next() throws IOException {
        int scanned = start;
        while (true) {
            if (afterCr && start < end) {
                afterCr = false;
                if (buffer[start] == '\n') {
                    start++;
                    scanned = start;
                }
            }
            for (int i = scanned; i < end; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    byte[] line = Arrays.copyOfRange(buffer, start, i);
                    start = i + 1;
                    afterCr = b == '\r';
                    return line;
                }
            }
            if (eof) {
                if (start == end) {
                    return null;
                }
                byte[] line = Arrays.copyOfRange(buffer, start, end);
                start = end;
                return line;
            }
            if (end - start >= MAX_LINE) {
                skipRestOfLine();
                return TOO_LONG;
            }
            scanned = end - start;
            fill();
            scanned += start;
        }
    }

    private void skipRestOfLine() throws IOException {
        while (true) {
            start = end;
            fill();
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n' || buffer[i] == '\r') {
                    start = i + 1;
                    afterCr = buffer[i] == '\r';
                    return;
                }
            }
            if (eof) {
                start = end;
                return;
            }
        }
    }

    /** Moves the unread bytes to the front, grows the buffer when a line fills it, and reads more. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }
}
