package dev.celeris.spi.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses the server certificate by the SNI host name of the handshake (exact name first, then a
 * {@code *.} wildcard one label deep), else the default. Aliases are the configured host names and
 * {@value #DEFAULT}.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    static final String DEFAULT = "";

    private final Map<String, KeyMaterial.Entry> entries;

    SniKeyManager(Map<String, KeyMaterial.Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String alias = aliasFor(engine == null ? null : engine.getHandshakeSession());
        return matches(entries.get(alias), keyType) ? alias : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return matches(entries.get(DEFAULT), keyType) ? DEFAULT : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyMaterial.Entry e = entries.get(alias);
        return e == null ? null : e.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyMaterial.Entry e = entries.get(alias);
        return e == null ? null : e.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return entries.entrySet().stream().filter(e -> matches(e.getValue(), keyType)).map(Map.Entry::getKey)
                .toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private String aliasFor(SSLSession handshake) {
        if (!(handshake instanceof ExtendedSSLSession session)) return DEFAULT;
        List<SNIServerName> names = session.getRequestedServerNames();
        for (SNIServerName name : names) {
            if (name.getType() != StandardConstants.SNI_HOST_NAME) continue;
            String host = ((SNIHostName) name).getAsciiName().toLowerCase(Locale.ROOT);
            if (entries.containsKey(host)) return host;
            int dot = host.indexOf('.');
            if (dot > 0 && entries.containsKey("*" + host.substring(dot))) return "*" + host.substring(dot);
        }
        return DEFAULT;
    }

    /** Whether the entry's key can sign for {@code keyType} ("RSA", "EC", "RSASSA-PSS", "EdDSA"...). */
    private static boolean matches(KeyMaterial.Entry entry, String keyType) {
        if (entry == null) return false;
        String algorithm = entry.key().getAlgorithm();
        if (keyType.equals(algorithm)) return true;
        if (keyType.equals("RSASSA-PSS") && algorithm.equals("RSA")) return true;
        if (keyType.equals("EdDSA") && (algorithm.equals("Ed25519") || algorithm.equals("Ed448"))) return true;
        return keyType.startsWith(algorithm + "_"); // TLS 1.2 "EC_EC", "RSA_..." forms
    }
}
