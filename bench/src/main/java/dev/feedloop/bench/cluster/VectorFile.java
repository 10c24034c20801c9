package dev.feedloop.bench.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Vectors cached on disk between benchmark runs: int32 n, int32 d, then n*d float32, little
 * endian (readable by numpy: {@code np.fromfile(f, '<f4', offset=8).reshape(n, d)}).
 */
final class VectorFile {
    private VectorFile() {
    }

    static void write(Path file, List<float[]> vectors) throws IOException {
        Files.createDirectories(file.getParent());
        int d = vectors.get(0).length;
        ByteBuffer buf = ByteBuffer.allocate(8 + vectors.size() * d * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(vectors.size()).putInt(d);
        for (float[] v : vectors) {
            for (float x : v) {
                buf.putFloat(x);
            }
        }
        buf.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    static float[][] read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int n = buf.getInt();
        int d = buf.getInt();
        float[][] out = new float[n][d];
        for (float[] v : out) {
            buf.asFloatBuffer().get(v);
            buf.position(buf.position() + d * 4);
        }
        return out;
    }

    static void writeLabels(Path file, int[] labels) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int l : labels) {
            sb.append(l).append('\n');
        }
        Files.writeString(file, sb);
    }

}
