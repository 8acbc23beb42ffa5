package dev.celeris.compliance.client;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS for the raw clients: a handshake offering one ALPN protocol ({@code h2} or {@code http/1.1}), any certificate accepted. */
final class TlsSockets {

    private TlsSockets() {
    }

    static Socket h2(Socket plain, String host, int port, Duration timeout) throws IOException {
        return alpn(plain, host, port, timeout, "h2");
    }

    static Socket alpn(Socket plain, String host, int port, Duration timeout, String protocol) throws IOException {
        SSLSocket tls = (SSLSocket) context().getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters p = tls.getSSLParameters();
        p.setApplicationProtocols(new String[] {protocol});
        tls.setSSLParameters(p);
        tls.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        tls.startHandshake();
        tls.setSoTimeout(0);
        if (!protocol.equals(tls.getApplicationProtocol())) {
            tls.close();
            throw new IOException("the server did not negotiate " + protocol + " by ALPN (got '" + tls.getApplicationProtocol() + "')");
        }
        return tls;
    }

    private static SSLContext context() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
