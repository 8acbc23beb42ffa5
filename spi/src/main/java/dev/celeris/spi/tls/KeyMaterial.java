package dev.celeris.spi.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
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
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Reads certificate chains, private keys and CA bundles from PEM files and key stores. */
final class KeyMaterial {

    /** One private key with its certificate chain, leaf first. */
    record Entry(PrivateKey key, X509Certificate[] chain) {
    }

    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA |EC |ENCRYPTED )?PRIVATE KEY-----");
    /** AlgorithmIdentifier of an EC key, without its curve: the OID id-ecPublicKey (RFC 5480). */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private KeyMaterial() {
    }

    static Entry load(TlsCredentials credentials) throws IOException, GeneralSecurityException {
        return switch (credentials) {
            case TlsCredentials.Pem pem -> new Entry(readKey(pem.privateKey(), pem.keyPassword()),
                    readCertificates(pem.certificateChain()));
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

    /**
     * Reads a PEM private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), encrypted PKCS#8 ({@code BEGIN
     * ENCRYPTED PRIVATE KEY}, PBES2 or PBES1 as the JDK knows them, with {@code password}), PKCS#1
     * RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}).
     */
    static PrivateKey readKey(Path pemFile, char[] password) throws IOException, GeneralSecurityException {
        String text = Files.readString(pemFile, StandardCharsets.US_ASCII);
        Matcher m = PEM_KEY.matcher(text);
        if (!m.find()) {
            throw new GeneralSecurityException("no PEM private key (BEGIN PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA "
                    + "PRIVATE KEY or EC PRIVATE KEY; legacy 'Proc-Type: 4,ENCRYPTED' keys are not read, convert them "
                    + "with 'openssl pkcs8 -topk8') in " + pemFile);
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        String kind = m.group(1);
        if ("EC ".equals(kind)) {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(sec1ToPkcs8(der, pemFile)));
        }
        if ("RSA ".equals(kind)) {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
        }
        if ("ENCRYPTED ".equals(kind)) {
            der = decrypt(der, password, pemFile);
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

    /** Decrypts an EncryptedPrivateKeyInfo (RFC 5208 §6) to the PKCS#8 PrivateKeyInfo inside. */
    private static byte[] decrypt(byte[] der, char[] password, Path pemFile) throws IOException, GeneralSecurityException {
        if (password == null || password.length == 0) {
            throw new GeneralSecurityException("the private key in " + pemFile + " is encrypted: give its password "
                    + "(TlsCredentials.pem(chain, key, password))");
        }
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        AlgorithmParameters params = info.getAlgParameters();
        String algorithm = info.getAlgName();
        if (params != null && (algorithm.equals("PBES2") || algorithm.equals("1.2.840.113549.1.5.13"))) {
            algorithm = params.toString(); // PBES2's parameters name the scheme, e.g. PBEWithHmacSHA256AndAES_256
        }
        try {
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new PBEKeySpec(password)), params);
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new GeneralSecurityException("unsupported key encryption " + algorithm + " in " + pemFile
                    + " (use PBES2, e.g. 'openssl pkcs8 -topk8 -v2 aes-256-cbc')", e);
        } catch (InvalidKeySpecException e) {
            throw new GeneralSecurityException("cannot decrypt the private key in " + pemFile + ": wrong password?", e);
        }
    }

    /**
     * Wraps a SEC1 ECPrivateKey (RFC 5915: version, key, [0] curve, [1] public key) in a PKCS#8
     * PrivateKeyInfo whose AlgorithmIdentifier is id-ecPublicKey with the key's curve.
     */
    private static byte[] sec1ToPkcs8(byte[] sec1, Path pemFile) throws GeneralSecurityException {
        byte[] curve = null;
        try {
            int[] seq = header(sec1, 0);
            int end = seq[0] + seq[1];
            for (int p = seq[0]; p < end; ) {
                int[] field = header(sec1, p);
                if ((sec1[p] & 0xff) == 0xa0) curve = java.util.Arrays.copyOfRange(sec1, field[0], field[0] + field[1]);
                p = field[0] + field[1];
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new GeneralSecurityException("truncated EC PRIVATE KEY in " + pemFile, e);
        }
        if (curve == null) {
            throw new GeneralSecurityException("the EC PRIVATE KEY in " + pemFile + " does not name its curve");
        }
        byte[] algorithm = der(0x30, concat(EC_PUBLIC_KEY_OID, curve));
        return der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, der(0x04, sec1)));
    }

    /** A DER element's content offset and length, for the element starting at {@code at}. */
    private static int[] header(byte[] der, int at) {
        int length = der[at + 1] & 0xff;
        int start = at + 2;
        if (length >= 0x80) {
            int bytes = length & 0x7f;
            length = 0;
            for (int i = 0; i < bytes; i++) length = (length << 8) | (der[start++] & 0xff);
        }
        if (start + length > der.length) throw new ArrayIndexOutOfBoundsException("DER element past the end");
        return new int[] {start, length};
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
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
        return der(0x30, concat(version, algorithm, der(0x04, pkcs1)));
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
