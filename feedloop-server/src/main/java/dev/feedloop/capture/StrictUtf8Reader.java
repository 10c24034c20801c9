package dev.feedloop.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text that fails where a byte is not UTF-8, after handing out every character before it.
 * {@link java.io.InputStreamReader} either replaces such bytes with U+FFFD (the text is stored
 * altered, silently) or, told to report them, throws away the characters it decoded in the same
 * read, so a CSV import could not say at which row the text stops being UTF-8.
 */
final class StrictUtf8Reader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private boolean eof;
    private boolean flushed;
    private CharacterCodingException failure;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (failure == null && out.position() == offset && !flushed) {
            decode(out);
        }
        int n = out.position() - offset;
        if (n > 0) {
            return n;
        }
        if (failure != null) {
            throw failure;
        }
        return -1;
    }

    private void decode(CharBuffer out) throws IOException {
        var result = decoder.decode(bytes, out, eof);
        if (result.isError()) {
            failure = new MalformedInputException(result.length());
        } else if (result.isUnderflow()) {
            if (eof) {
                decoder.flush(out);
                flushed = true;
            } else {
                refill();
            }
        }
    }

    private void refill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
