package dev.feedloop.bench.triage;

import dev.feedloop.triage.Triage;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Wall and process CPU time between a triage run's stage callbacks. Process CPU includes every
 * thread (ONNX Runtime workers, GC, and on a shared machine nothing of the other processes), so
 * CPU/wall shows how much of the two cores the stage really got.
 */
final class StageTimer implements Triage.Listener {
    /** One stage: its name as Triage announced it (counts stripped off), wall and CPU seconds. */
    record Stage(String name, String announced, double wallSeconds, double cpuSeconds) {
    }

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<Stage> stages = new ArrayList<>();
    private final long startWall;
    private final long startCpu;
    private String current;
    private long currentWall;
    private long currentCpu;
    private final boolean echo;

    StageTimer(boolean echo) {
        this.echo = echo;
        this.startWall = System.nanoTime();
        this.startCpu = os.getProcessCpuTime();
        this.currentWall = startWall;
        this.currentCpu = startCpu;
    }

    @Override
    public synchronized void stage(String name) {
        close();
        current = name;
        if (echo) {
            System.out.printf("      [%6.1f s] %s%n", (System.nanoTime() - startWall) / 1e9, name);
        }
    }

    @Override
    public void embedded(int done, int total) {
    }

    /** Ends the last stage; call once when the run returns. */
    synchronized List<Stage> finish() {
        close();
        current = null;
        return List.copyOf(stages);
    }

    double totalWall() {
        return stages.stream().mapToDouble(Stage::wallSeconds).sum();
    }

    double totalCpu() {
        return stages.stream().mapToDouble(Stage::cpuSeconds).sum();
    }

    /** "selecting 1.2/0.4 | embedding 30.1/15.0 | ...": wall/cpu seconds per finished stage. */
    static String compact(List<Stage> stages) {
        StringBuilder out = new StringBuilder();
        for (Stage s : stages) {
            out.append(out.length() == 0 ? "" : " | ").append(String.format(java.util.Locale.ROOT, "%s %.1f/%.1f",
                    s.name(), s.wallSeconds(), s.cpuSeconds()));
        }
        return out.toString();
    }

    private void close() {
        long wall = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        if (current != null) {
            stages.add(new Stage(shortName(current), current, (wall - currentWall) / 1e9, (cpu - currentCpu) / 1e9));
        }
        currentWall = wall;
        currentCpu = cpu;
    }

    /** "embedding 8519 negatives" -> "embedding"; the first word names the stage. */
    static String shortName(String announced) {
        int space = announced.indexOf(' ');
        return space < 0 ? announced : announced.substring(0, space);
    }
}
