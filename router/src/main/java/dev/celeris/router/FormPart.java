package dev.celeris.router;

import dev.celeris.engine.Headers;
import java.nio.charset.StandardCharsets;

/**
 * One part of a {@code multipart/form-data} body (RFC 7578): a text field or an uploaded file.
 *
 * @param name        the form field name ({@code Content-Disposition} {@code name})
 * @param filename    the uploaded file's name, or {@code null} for a plain field
 * @param contentType the part's {@code Content-Type} ({@code text/plain} when absent)
 * @param headers     all part headers, names in lower case
 * @param content     the raw bytes
 */
public record FormPart(String name, String filename, String contentType, Headers headers, byte[] content) {

    public boolean isFile() {
        return filename != null;
    }

    /** The content decoded as UTF-8. */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    public long size() {
        return content.length;
    }
}
