package dev.celeris.router.middleware;

import dev.celeris.router.Context;
import dev.celeris.router.Handler;
import dev.celeris.router.HttpException;
import dev.celeris.router.Resource;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Serves files under a directory or a class-path folder from a catch-all route, with the
 * validators, 304 and ranges of {@link Context#file}. The file's path is the route's last
 * parameter (its catch-all):
 *
 * <pre>{@code
 * router.get("/static/*path", Static.directory(Path.of("public")));
 * router.get("/assets/*path", Static.classpath("web"));        // src/main/resources/web
 * }</pre>
 *
 * Paths with {@code ..}, backslashes or NUL never leave the root (404); a directory is served
 * through its index file ({@code index.html} by default), after a redirect adding the trailing
 * slash; content types come from the file extension.
 */
public final class Static {

    private Static() {
    }

    public static Handler directory(Path root) {
        return directory(root, List.of("index.html"));
    }

    public static Handler directory(Path root, List<String> indexFiles) {
        Path base = root.toAbsolutePath().normalize();
        return ctx -> {
            String rel = relativePath(ctx);
            Path file = base.resolve(rel).normalize();
            if (!file.startsWith(base)) throw notFound();
            if (Files.isDirectory(file)) {
                if (!rel.isEmpty() && !rel.endsWith("/")) {
                    redirectToDirectory(ctx);
                    return;
                }
                file = indexFile(file, indexFiles);
            }
            if (file == null || !Files.isRegularFile(file)) throw notFound();
            // symlinks must not lead out of the root either
            if (!file.toRealPath().startsWith(base.toRealPath())) throw notFound();
            ctx.file(file);
        };
    }

    /** Serves class-path resources under {@code folder} (e.g. {@code "static"}). */
    public static Handler classpath(String folder) {
        return classpath(folder, List.of("index.html"), Thread.currentThread().getContextClassLoader());
    }

    public static Handler classpath(String folder, List<String> indexFiles, ClassLoader loader) {
        String prefix = folder.replaceAll("^/+|/+$", "");
        ClassLoader cl = loader != null ? loader : Static.class.getClassLoader();
        return ctx -> {
            String rel = relativePath(ctx);
            String name = prefix.isEmpty() ? rel : prefix + "/" + rel;
            URL url = rel.isEmpty() || rel.endsWith("/") ? null : cl.getResource(name);
            if (url != null && isDirectory(url)) {
                redirectToDirectory(ctx);
                return;
            }
            if (url == null && (rel.isEmpty() || rel.endsWith("/"))) {
                for (String index : indexFiles) {
                    url = cl.getResource(name + (name.isEmpty() || name.endsWith("/") ? "" : "/") + index);
                    if (url != null && !isDirectory(url)) break;
                    url = null;
                }
            }
            if (url == null) throw notFound();
            ctx.resource(Resource.of(url), null);
        };
    }

    /** The catch-all value, checked for traversal; "" for the root. */
    static String relativePath(Context ctx) {
        var params = ctx.params();
        String rel = params.isEmpty() ? "" : params.value(params.size() - 1);
        if (rel.indexOf('\0') >= 0 || rel.indexOf('\\') >= 0) throw notFound();
        while (rel.startsWith("/")) rel = rel.substring(1);
        for (String segment : rel.split("/")) {
            if (segment.equals("..") || segment.equals(".")) throw notFound();
        }
        return rel;
    }

    private static void redirectToDirectory(Context ctx) {
        String q = ctx.rawQuery();
        ctx.redirect(301, ctx.path() + "/" + (q == null ? "" : "?" + q));
    }

    private static Path indexFile(Path dir, List<String> indexFiles) {
        for (String index : indexFiles) {
            Path p = dir.resolve(index);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private static boolean isDirectory(URL url) throws IOException {
        if ("file".equals(url.getProtocol())) {
            try {
                return Files.isDirectory(Path.of(url.toURI()));
            } catch (URISyntaxException e) {
                return false;
            }
        }
        URLConnection c = url.openConnection();
        c.setUseCaches(false);
        return c instanceof JarURLConnection jar && jar.getJarEntry() != null && jar.getJarEntry().isDirectory();
    }

    private static HttpException notFound() {
        return new HttpException(404, "Not Found");
    }
}
