package dev.celeris.benchmarks.report;

/** One h2load run: a row of {@code samples.csv}. */
record Sample(String server, String scenario, String level, int round, double rps, long p50us, long p90us,
              long p99us, double cpuSeconds, long rssKb, String failed) {

    static Sample parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 11) throw new IllegalArgumentException("bad samples.csv row: " + line);
        return new Sample(f[0], f[1], f[2], Integer.parseInt(f[3]), Double.parseDouble(f[4]), Long.parseLong(f[5]),
                Long.parseLong(f[6]), Long.parseLong(f[7]), Double.parseDouble(f[8]), Long.parseLong(f[9]), f[10]);
    }
}
