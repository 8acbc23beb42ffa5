package dev.celeris.router;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Something {@link Context#file} can serve: a file or a class-path entry, with the metadata
 * that validators (ETag, Last-Modified) and ranges need.
 */
public interface Resource {

    /** The name whose extension picks the content type. */
    String name();

    long length() throws IOException;

    /** Milliseconds since the epoch, or 0 when unknown. */
    long lastModified() throws IOException;

    InputStream open() throws IOException;

    /** A file on disk. */
    static Resource of(Path file) {
        return new Resource() {
            @Override public String name() { return file.getFileName() == null ? "" : file.getFileName().toString(); }
            @Override public long length() throws IOException { return Files.size(file); }
            @Override public long lastModified() throws IOException { return Files.getLastModifiedTime(file).toMillis(); }
            @Override public InputStream open() throws IOException { return Files.newInputStream(file); }
        };
    }

    /** A class-path entry (in a directory or a jar). */
    static Resource of(URL url) throws IOException {
        URLConnection conn = url.openConnection();
        conn.setUseCaches(false);
        long length = conn.getContentLengthLong();
        long modified = conn instanceof JarURLConnection jar && jar.getJarEntry() != null
                ? jar.getJarEntry().getTime() : conn.getLastModified();
        String path = url.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new Resource() {
            @Override public String name() { return name; }
            @Override public long length() { return length; }
            @Override public long lastModified() { return Math.max(0, modified); }
            @Override public InputStream open() throws IOException { return url.openStream(); }
        };
    }
}
