package org.bridgekeeper.invoke;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust of outbound calls: the JDK's public CAs, plus the certificates of an operator's
 * PEM bundle ({@code --ca-bundle}), so that a local HTTPS receiver or authorization server with a
 * private CA can be called without giving up certificate checks.
 */
public final class TrustedCertificates {

    private TrustedCertificates() {}

    /** The JDK's default context when {@code bundle} is null. */
    public static SSLContext context(Path bundle) {
        try {
            if (bundle == null) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            int n = 0;
            for (var manager : defaults.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        trust.setCertificateEntry("jdk-" + n++, ca);
                    }
                }
            }
            int extra = 0;
            try (InputStream in = Files.newInputStream(bundle)) {
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("bundle-" + extra++, certificate);
                }
            }
            if (extra == 0) {
                throw new IllegalArgumentException("--ca-bundle: " + bundle + " holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--ca-bundle: cannot read " + bundle + " as PEM certificates");
        }
    }
}
