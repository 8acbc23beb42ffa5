package dev.celeris.spi.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a server certificate chain and its private key come from: PEM files or a key store.
 * The files are read when the server starts and again on every reload
 * ({@link TlsConfig#watchInterval()}, {@link TlsLayer#reload()}).
 */
public sealed interface TlsCredentials {

    /** The files this source reads (watched for changes when reloading is on). */
    List<Path> files();

    /**
     * A PEM certificate chain (leaf first) and a PEM private key: PKCS#8 ({@code BEGIN PRIVATE
     * KEY}), encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}, needs {@code keyPassword}),
     * PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}).
     *
     * @param keyPassword the password of an encrypted key; empty for a clear one
     */
    record Pem(Path certificateChain, Path privateKey, char[] keyPassword) implements TlsCredentials {
        public Pem {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
            keyPassword = keyPassword == null ? new char[0] : keyPassword.clone();
        }

        public Pem(Path certificateChain, Path privateKey) {
            this(certificateChain, privateKey, null);
        }

        @Override
        public char[] keyPassword() {
            return keyPassword.clone();
        }

        @Override
        public List<Path> files() {
            return List.of(certificateChain, privateKey);
        }
    }

    /**
     * A PKCS#12 or JKS key store holding one private key entry (the first one found is used).
     *
     * @param type {@code "PKCS12"} or {@code "JKS"}
     * @param password the store and key password
     */
    record KeyStoreFile(Path file, String type, char[] password) implements TlsCredentials {
        public KeyStoreFile {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(type, "type");
            password = password == null ? new char[0] : password.clone();
        }

        @Override
        public List<Path> files() {
            return List.of(file);
        }
    }

    static TlsCredentials pem(Path certificateChain, Path privateKey) {
        return new Pem(certificateChain, privateKey);
    }

    /** PEM files whose private key is encrypted (PKCS#8 {@code BEGIN ENCRYPTED PRIVATE KEY}) with {@code keyPassword}. */
    static TlsCredentials pem(Path certificateChain, Path privateKey, char[] keyPassword) {
        return new Pem(certificateChain, privateKey, keyPassword);
    }

    static TlsCredentials keyStore(Path file, String type, char[] password) {
        return new KeyStoreFile(file, type, password);
    }
}
