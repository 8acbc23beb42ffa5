package dev.celeris.engine.internal.h1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code date: <IMF-fixdate>\r\n} response header line (RFC 9110 §6.6.1, §5.6.7), formatted
 * at most once per second for the whole process: every response copies the cached bytes.
 */
final class DateCache {

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private record Entry(long second, byte[] line) {
    }

    private static volatile Entry current = format(System.currentTimeMillis() / 1000);

    private DateCache() {
    }

    /** The header line for the current second, CRLF included. Do not modify. */
    static byte[] line() {
        long now = System.currentTimeMillis() / 1000;
        Entry e = current;
        if (e.second != now) {
            e = format(now);
            current = e;
        }
        return e.line;
    }

    private static Entry format(long second) {
        // RFC_1123_DATE_TIME prints single-digit days without padding; IMF-fixdate needs two digits.
        String date = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
        if (date.charAt(6) == ' ') date = date.substring(0, 5) + "0" + date.substring(5);
        return new Entry(second, ("date: " + date + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
