package dev.celeris.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machine's load while a soak runs: the 1-minute load average ({@code /proc/loadavg}) sampled
 * every few seconds and averaged per minute of the run, printed next to that minute's latency so
 * a latency drift can be told apart from a busier machine.
 */
final class LoadSampler implements AutoCloseable {

    private static final Path LOADAVG = Path.of("/proc/loadavg");

    private final long startNanos;
    private final Map<Integer, double[]> byMinute = new ConcurrentHashMap<>();   // minute -> {sum, n}
    private final Thread thread;
    private volatile boolean running = true;

    LoadSampler(long startNanos) {
        this.startNanos = startNanos;
        this.thread = Thread.ofPlatform().daemon().name("soak-load").start(this::sample);
    }

    private void sample() {
        while (running) {
            double load = read();
            if (load >= 0) {
                int minute = (int) ((System.nanoTime() - startNanos) / 60_000_000_000L);
                double[] acc = byMinute.computeIfAbsent(minute, k -> new double[2]);
                synchronized (acc) {
                    acc[0] += load;
                    acc[1]++;
                }
            }
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The 1-minute load average now, or -1 where {@code /proc} has none. */
    static double read() {
        try {
            return Double.parseDouble(Files.readString(LOADAVG).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Mean 1-minute load average over the samples of {@code minute}, or -1 without samples. */
    double mean(int minute) {
        double[] acc = byMinute.get(minute);
        if (acc == null) return -1;
        synchronized (acc) {
            return acc[1] == 0 ? -1 : acc[0] / acc[1];
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
