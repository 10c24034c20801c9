package dev.feedloop.bench.cluster;

import dev.feedloop.triage.Assigner;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.embed.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Known patterns built from labelled or clustered members the way triage stores them, so the
 * benchmarks run {@link Assigner} on the targets it sees in production: the unit centroid of the
 * members ({@link Vectors#centroid}) and {@link TriageConfig#exemplars()} exemplars picked as
 * {@code PatternWriter.exemplars} picks them (every k-th member by similarity to the centroid,
 * most typical first).
 */
final class KnownPatterns {
    private KnownPatterns() {
    }

    /** One target per label 0..classes-1 of {@code y}. */
    static List<Assigner.Target> byLabel(float[][] x, int[] y, int classes) {
        List<List<float[]>> members = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < y.length; i++) {
            members.get(y[i]).add(x[i]);
        }
        List<Assigner.Target> out = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            out.add(of("label-" + c, members.get(c)));
        }
        return out;
    }

    static Assigner.Target of(String id, List<float[]> members) {
        float[] centroid = Vectors.centroid(members);
        return new Assigner.Target(id, centroid, exemplars(members, centroid, TriageConfig.DEFAULT.exemplars()));
    }

    /** As PatternWriter.exemplars (a stable sort, so equal similarities keep the members' order). */
    static List<float[]> exemplars(List<float[]> members, float[] centroid, int max) {
        List<Integer> sorted = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            sorted.add(i);
        }
        sorted.sort(Comparator.comparingDouble((Integer i) -> -Vectors.dot(members.get(i), centroid)));
        int want = Math.min(max, sorted.size());
        List<float[]> out = new ArrayList<>(want);
        for (int j = 0; j < want; j++) {
            out.add(members.get(sorted.get((int) ((long) j * sorted.size() / want))));
        }
        return out;
    }
}
