package dev.celeris.router;

import java.util.Locale;

/** Minimal {@code Accept} negotiation between JSON and text (RFC 9110 §12.5.1). */
final class Accept {

    private Accept() {
    }

    /** Whether the client prefers {@code application/json} (or a {@code +json} type) over text. */
    static boolean prefersJson(String accept) {
        if (accept == null || accept.isEmpty()) return false;
        double json = -1;
        double text = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("application/json") || type.endsWith("+json")) json = Math.max(json, q);
            else if (type.startsWith("text/")) text = Math.max(text, q);
        }
        return json > 0 && json >= text;
    }
}
