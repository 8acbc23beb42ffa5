package dev.celeris.engine.internal.h1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A small, strict HTTP/1.1 response reader for tests: splits captured output into responses. */
final class Responses {

    record Response(int status, Map<String, String> headers, String body, Map<String, String> trailers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Responses() {
    }

    /** Parses every complete response in {@code out} (a close-delimited last body runs to the end). */
    static List<Response> parse(String out) {
        List<Response> list = new ArrayList<>();
        int pos = 0;
        while (pos < out.length()) {
            int headEnd = out.indexOf("\r\n\r\n", pos);
            if (headEnd < 0) break;
            String[] lines = out.substring(pos, headEnd).split("\r\n");
            int status = Integer.parseInt(lines[0].substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            pos = headEnd + 4;
            String body = "";
            Map<String, String> trailers = new LinkedHashMap<>();
            if (status >= 200 && status != 204 && status != 304) {
                if ("chunked".equals(headers.get("transfer-encoding"))) {
                    StringBuilder sb = new StringBuilder();
                    while (true) {
                        int lineEnd = out.indexOf("\r\n", pos);
                        if (lineEnd < 0) return list;
                        int size = Integer.parseInt(out.substring(pos, lineEnd).split(";")[0].trim(), 16);
                        pos = lineEnd + 2;
                        if (size == 0) break;
                        if (pos + size + 2 > out.length()) return list;
                        sb.append(out, pos, pos + size);
                        pos += size + 2;
                    }
                    while (true) {
                        int lineEnd = out.indexOf("\r\n", pos);
                        if (lineEnd < 0) return list;
                        String line = out.substring(pos, lineEnd);
                        pos = lineEnd + 2;
                        if (line.isEmpty()) break;
                        int colon = line.indexOf(':');
                        trailers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                    }
                    body = sb.toString();
                } else if (headers.containsKey("content-length")) {
                    int len = Integer.parseInt(headers.get("content-length"));
                    if (pos + len > out.length()) return list;
                    body = out.substring(pos, pos + len);
                    pos += len;
                } else {
                    body = out.substring(pos);
                    pos = out.length();
                }
            }
            list.add(new Response(status, headers, body, trailers));
        }
        return list;
    }
}
