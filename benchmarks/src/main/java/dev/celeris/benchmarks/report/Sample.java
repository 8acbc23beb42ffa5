package dev.celeris.benchmarks.report;

/**
 * One h2load run: a row of {@code samples.csv}. Rows written before the CPU accounting existed
 * (11 columns) read with no request count and no client figures.
 */
record Sample(String server, String scenario, String level, int round, double rps, long p50us, long p90us,
              long p99us, double cpuSeconds, long rssKb, String failed, long requests, double wallSeconds,
              double clientCpuSeconds, int clientCpus) {

    /** A client using this share of its CPUs or more is the bottleneck, not the server. */
    static final double CLIENT_BOUND = 0.9;

    static Sample parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 11 && f.length != 15) throw new IllegalArgumentException("bad samples.csv row: " + line);
        boolean full = f.length == 15;
        return new Sample(f[0], f[1], f[2], Integer.parseInt(f[3]), Double.parseDouble(f[4]), Long.parseLong(f[5]),
                Long.parseLong(f[6]), Long.parseLong(f[7]), Double.parseDouble(f[8]), Long.parseLong(f[9]), f[10],
                full ? Long.parseLong(f[11]) : 0, full ? Double.parseDouble(f[12]) : 0,
                full ? Double.parseDouble(f[13]) : 0, full ? Integer.parseInt(f[14]) : 0);
    }

    /** Requests completed per second of server CPU (user + system), 0 when unknown. */
    double perCpuSecond() {
        return cpuSeconds > 0 && requests > 0 ? requests / cpuSeconds : 0;
    }

    /** h2load's CPU as a share of the CPUs it was given (1.0 = every one of them busy), 0 when unknown. */
    double clientUtilisation() {
        return wallSeconds > 0 && clientCpus > 0 ? clientCpuSeconds / (wallSeconds * clientCpus) : 0;
    }

    boolean clientBound() {
        return clientUtilisation() >= CLIENT_BOUND;
    }
}
