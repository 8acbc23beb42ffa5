package dev.celeris.router.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A blocking HTTP/1.1-over-TLS client on one connection, for the TLS server tests. */
final class TlsClient implements AutoCloseable {

    final SSLSocket socket;

    /** Connects to 127.0.0.1:{@code port}, sending {@code sni} (null: none) and ALPN http/1.1, and finishes the handshake. */
    TlsClient(SSLContext context, int port, String sni) throws IOException {
        this(context, port, sni, "http/1.1");
    }

    /** As above, offering {@code alpn} (none: no ALPN extension). */
    TlsClient(SSLContext context, int port, String sni, String... alpn) throws IOException {
        Socket raw = new Socket();
        raw.setSoTimeout(20_000);
        raw.connect(new InetSocketAddress("127.0.0.1", port), 20_000);
        socket = (SSLSocket) context.getSocketFactory().createSocket(raw, "127.0.0.1", port, true);
        SSLParameters p = socket.getSSLParameters();
        p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        p.setApplicationProtocols(alpn);
        p.setEndpointIdentificationAlgorithm(null); // the tests check names themselves
        socket.setSSLParameters(p);
        socket.startHandshake();
    }

    X509Certificate serverCertificate() throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    /** GET {@code path}; returns the status line, headers and body as text. */
    String get(String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nhost: localhost\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed after " + head);
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
