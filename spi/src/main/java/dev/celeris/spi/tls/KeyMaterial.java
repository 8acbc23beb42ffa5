package dev.celeris.spi.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads certificate chains, private keys and CA bundles from PEM files and key stores. */
final class KeyMaterial {

    /** One private key with its certificate chain, leaf first. */
    record Entry(PrivateKey key, X509Certificate[] chain) {
    }

    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN (RSA |EC )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA |EC )?PRIVATE KEY-----");

    private KeyMaterial() {
    }

    static Entry load(TlsCredentials credentials) throws IOException, GeneralSecurityException {
        return switch (credentials) {
            case TlsCredentials.Pem pem -> new Entry(readKey(pem.privateKey()), readCertificates(pem.certificateChain()));
            case TlsCredentials.KeyStoreFile ks -> fromKeyStore(ks);
        };
    }

    static X509Certificate[] readCertificates(Path pemFile) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new GeneralSecurityException("no certificate in " + pemFile);
            return certs.toArray(new X509Certificate[0]);
        }
    }

    static PrivateKey readKey(Path pemFile) throws IOException, GeneralSecurityException {
        String text = Files.readString(pemFile, StandardCharsets.US_ASCII);
        Matcher m = PEM_KEY.matcher(text);
        if (!m.find()) {
            throw new GeneralSecurityException("no unencrypted PEM private key (BEGIN PRIVATE KEY or BEGIN RSA "
                    + "PRIVATE KEY) in " + pemFile);
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        String kind = m.group(1);
        if ("EC ".equals(kind)) {
            throw new GeneralSecurityException("SEC1 EC keys are not read; convert with "
                    + "'openssl pkcs8 -topk8 -nocrypt' to PKCS#8: " + pemFile);
        }
        if ("RSA ".equals(kind)) {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException wrongAlgorithm) {
                // try the next
            }
        }
        throw new GeneralSecurityException("unsupported private key algorithm in " + pemFile);
    }

    static KeyStore trustStore(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate ca : readCertificates(caPem)) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        return store;
    }

    private static Entry fromKeyStore(TlsCredentials.KeyStoreFile ks) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(ks.type());
        try (InputStream in = Files.newInputStream(ks.file())) {
            store.load(in, ks.password());
        }
        for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
            String alias = aliases.nextElement();
            if (store.isKeyEntry(alias)) {
                Certificate[] chain = store.getCertificateChain(alias);
                X509Certificate[] x509 = new X509Certificate[chain.length];
                for (int i = 0; i < chain.length; i++) x509[i] = (X509Certificate) chain[i];
                return new Entry((PrivateKey) store.getKey(alias, ks.password()), x509);
            }
        }
        throw new GeneralSecurityException("no private key entry in " + ks.file());
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (RFC 5208) with the rsaEncryption OID. */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
                0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }
}
