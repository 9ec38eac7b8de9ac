package org.bridgekeeper.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server side of {@code --tls-cert FILE --tls-key FILE}: a PEM certificate chain (the
 * server's certificate first, then any intermediates) and its PEM private key in PKCS#8
 * ({@code BEGIN PRIVATE KEY}; RSA, EC or EdDSA), checked to belong together before the server
 * starts. Every refusal names the file and what to do; none quotes the key.
 */
public final class ServerTls {

    private static final System.Logger LOG = System.getLogger("bridgekeeper");
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

    private ServerTls() {}

    /** The context for the HTTPS server, or an {@link IllegalArgumentException} saying what is wrong. */
    public static SSLContext context(Path certFile, Path keyFile, Clock clock) {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("TLS needs both --tls-cert FILE and --tls-key FILE"
                    + " (BRIDGEKEEPER_TLS_CERT, BRIDGEKEEPER_TLS_KEY), or neither");
        }
        X509Certificate[] chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain[0])) {
            throw new IllegalArgumentException("--tls-key " + keyFile + " is not the private key of the certificate in"
                    + " --tls-cert " + certFile + " (" + chain[0].getSubjectX500Principal().getName() + ")");
        }
        try {
            chain[0].checkValidity(java.util.Date.from(clock.instant()));
        } catch (CertificateException e) {
            LOG.log(Level.WARNING, "the certificate in " + certFile + " is not valid now (valid from "
                    + chain[0].getNotBefore().toInstant() + " to " + chain[0].getNotAfter().toInstant()
                    + "): clients will refuse it");
        }
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("--tls-cert " + certFile + " / --tls-key " + keyFile
                    + ": cannot make a TLS context: " + e.getMessage());
        }
    }

    private static X509Certificate[] certificates(Path file) {
        String text = read(file, "--tls-cert");
        List<String> blocks = blocks(text, "CERTIFICATE");
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("--tls-cert " + file + " holds no PEM certificate (-----BEGIN"
                    + " CERTIFICATE-----)");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate[] chain = new X509Certificate[blocks.size()];
            for (int i = 0; i < blocks.size(); i++) {
                Collection<? extends Certificate> one = factory.generateCertificates(
                        new ByteArrayInputStream(Base64.getMimeDecoder().decode(blocks.get(i))));
                if (one.size() != 1) {
                    throw new CertificateException("not one certificate");
                }
                chain[i] = (X509Certificate) one.iterator().next();
            }
            return chain;
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-cert " + file + ": a certificate cannot be read: "
                    + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) {
        String text = read(file, "--tls-key");
        if (!blocks(text, "ENCRYPTED PRIVATE KEY").isEmpty()) {
            throw new IllegalArgumentException("--tls-key " + file + " is encrypted; give it unencrypted (PKCS#8,"
                    + " mode 0600): openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        for (String legacy : List.of("RSA PRIVATE KEY", "EC PRIVATE KEY")) {
            if (!blocks(text, legacy).isEmpty()) {
                throw new IllegalArgumentException("--tls-key " + file + " is in the older " + legacy.split(" ")[0]
                        + " form (-----BEGIN " + legacy + "-----); convert it to PKCS#8:"
                        + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
            }
        }
        List<String> blocks = blocks(text, "PRIVATE KEY");
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("--tls-key " + file + " must hold one PEM private key in PKCS#8"
                    + " (-----BEGIN PRIVATE KEY-----), found " + blocks.size());
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(blocks.getFirst());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-key " + file + ": the PEM block is not base64");
        }
        try {
            for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                    // try the next algorithm
                }
            }
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        throw new IllegalArgumentException("--tls-key " + file + ": not an RSA, EC or EdDSA private key in PKCS#8");
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // another algorithm, another curve: not this key's certificate
        }
    }

    private static String read(Path file, String flag) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static List<String> blocks(String text, String type) {
        Matcher m = PEM.matcher(text);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(m.group(2));
            }
        }
        return out;
    }
}
