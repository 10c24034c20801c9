package dev.feedloop.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * How both stores keep vectors: float32 little-endian bytes (SQLite BLOB, PostgreSQL bytea), one
 * vector, or several of equal length back to back.
 */
public final class VectorBlobs {
    private VectorBlobs() {
    }

    public static byte[] pack(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    public static float[] unpack(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    public static byte[] packAll(List<float[]> vectors, int dimension) {
        ByteBuffer b = ByteBuffer.allocate(vectors.size() * dimension * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] v : vectors) {
            b.asFloatBuffer().put(v);
            b.position(b.position() + dimension * 4);
        }
        return b.array();
    }

    public static List<float[]> unpackAll(byte[] bytes, int dimension) {
        List<float[]> out = new ArrayList<>();
        if (dimension == 0) {
            return out;
        }
        float[] all = unpack(bytes);
        for (int i = 0; i + dimension <= all.length; i += dimension) {
            float[] v = new float[dimension];
            System.arraycopy(all, i, v, 0, dimension);
            out.add(v);
        }
        return out;
    }
}
