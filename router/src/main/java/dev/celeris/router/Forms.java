package dev.celeris.router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Reads form bodies for {@link Context#form()} and {@link Context#multipart()}. */
final class Forms {

    private Forms() {
    }

    static Map<String, List<String>> fields(Context ctx) throws IOException {
        String type = ctx.contentType();
        if (isMultipart(type)) return ctx.multipart().fields();
        if (type == null || type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)) {
            return QueryString.parse(new String(ctx.body(), StandardCharsets.UTF_8));
        }
        throw new HttpException(415, "expected a form body, got " + type);
    }

    static MultipartForm multipart(Context ctx) throws IOException {
        String type = ctx.contentType();
        String boundary = isMultipart(type) ? Multipart.boundary(type) : null;
        if (boundary == null) throw new HttpException(400, "expected multipart/form-data with a boundary");
        return Multipart.parse(ctx.body(), boundary);
    }

    private static boolean isMultipart(String type) {
        return type != null && type.regionMatches(true, 0, "multipart/form-data", 0, 19);
    }
}
