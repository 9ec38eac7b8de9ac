package org.bridgekeeper.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * One HTTP/1.1 POST: plain {@code http://} on a socket of its own ({@link PlainHttp}), HTTPS (or
 * a JVM told to use a proxy) with {@link HttpURLConnection}. The JDK's {@code HttpClient} costs
 * about half a second to initialise, more than the whole command may take (docs/cli.md). HTTPS honours
 * {@code --no-verify-ssl} and {@code --ca-bundle}; timeouts are the CLI's, 0 meaning none.
 */
public final class Transport {

    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private final boolean verifySsl;
    private final Path caBundle;
    private SSLContext sslContext;

    public Transport(int connectTimeoutSeconds, int readTimeoutSeconds, boolean verifySsl, Path caBundle) {
        this.connectTimeoutMs = connectTimeoutSeconds * 1000;
        this.readTimeoutMs = readTimeoutSeconds * 1000;
        this.verifySsl = verifySsl;
        this.caBundle = caBundle;
    }

    /** The value of the {@code Host} header the JDK sends for this URL, as it must be signed. */
    public static String hostHeader(URI uri) {
        String host = uri.getHost();
        if (host != null && host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (uri.getScheme().equalsIgnoreCase("http") && port == 80)
                || (uri.getScheme().equalsIgnoreCase("https") && port == 443);
        return defaultPort ? host : host + ":" + port;
    }

    /** What the AWS CLI says when the endpoint cannot be reached, whatever the I/O failure. */
    private static TransportException couldNotConnect(String url) {
        return new TransportException(TransportException.Kind.CONNECT, "Could not connect to the endpoint URL: \"" + url + "\"");
    }

    public HttpResult post(URI uri, List<Map.Entry<String, String>> headers, byte[] body) throws TransportException {
        String url = uri.toString();
        if (PlainHttp.applies(uri)) {
            try {
                return PlainHttp.post(uri, hostHeader(uri), headers, body, connectTimeoutMs, readTimeoutMs);
            } catch (SocketTimeoutException e) {
                throw timeout(e, url);
            } catch (IOException e) {
                throw couldNotConnect(url);
            }
        }
        HttpURLConnection c;
        try {
            URL u = uri.toURL();
            c = (HttpURLConnection) u.openConnection();
        } catch (IOException | IllegalArgumentException e) {
            throw new TransportException(TransportException.Kind.OTHER, "Invalid endpoint: " + url);
        }
        try {
            if (c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(sslContext().getSocketFactory());
                if (!verifySsl) {
                    https.setHostnameVerifier((h, s) -> true);
                }
            }
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout(connectTimeoutMs);
            c.setReadTimeout(readTimeoutMs);
            c.setFixedLengthStreamingMode(body.length);
            for (Map.Entry<String, String> h : headers) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            Map<String, String> received = new HashMap<>();
            c.getHeaderFields().forEach((name, values) -> {
                if (name != null && values != null && !values.isEmpty()) {
                    received.put(name.toLowerCase(Locale.ROOT), values.get(values.size() - 1));
                }
            });
            byte[] bytes;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                bytes = in == null ? new byte[0] : in.readAllBytes();
            }
            String reason = c.getResponseMessage();
            return new HttpResult(status, reason == null ? "" : reason, received, bytes);
        } catch (SocketTimeoutException e) {
            throw timeout(e, url);
        } catch (SSLException e) {
            throw new TransportException(TransportException.Kind.SSL, "SSL validation failed for " + url + " "
                    + e.getMessage());
        } catch (IOException e) {
            throw couldNotConnect(url); // a refused or unroutable connection, an unknown host, or any other I/O failure
        } catch (GeneralSecurityException e) {
            throw new TransportException(TransportException.Kind.SSL, "SSL validation failed for " + url + " "
                    + e.getMessage());
        }
    }

    private static TransportException timeout(SocketTimeoutException e, String url) {
        boolean connect = e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("connect");
        return connect ? new TransportException(TransportException.Kind.CONNECT_TIMEOUT,
                "Connect timeout on endpoint URL: \"" + url + "\"")
                : new TransportException(TransportException.Kind.READ_TIMEOUT,
                "Read timeout on endpoint URL: \"" + url + "\"");
    }

    private SSLContext sslContext() throws GeneralSecurityException, TransportException {
        if (sslContext != null) {
            return sslContext;
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        if (!verifySsl) {
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
        } else if (caBundle != null) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(caBundle)) {
                store.load(null, null);
                int i = 0;
                for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + i++, cert);
                }
            } catch (IOException e) {
                throw new TransportException(TransportException.Kind.SSL, "Could not find the CA bundle "
                        + caBundle + ": " + e.getMessage());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            ctx.init(null, tmf.getTrustManagers(), null);
        } else {
            ctx = SSLContext.getDefault();
        }
        sslContext = ctx;
        return ctx;
    }

    /** {@code --no-verify-ssl}: accept any certificate, as the AWS CLI does (with a warning). */
    private static final class TrustAll implements X509TrustManager {
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
    }
}
