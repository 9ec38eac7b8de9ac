package org.bridgekeeper.cli.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One POST over plain HTTP/1.1 on a socket: what {@link Transport} sends to a local server.
 * {@code HttpURLConnection} costs a CLI command more CPU than anything else it does (its
 * handlers, proxy selection, keep-alive cache and thread: about 10 ms, docs/cli.md,
 * "Start-up"). The request carries the caller's headers, {@code Host} and
 * {@code Content-Length}, as botocore's does; the response is read as that connection read
 * it: status and reason, each header's first value under its lower-case name, the body by
 * {@code Content-Length}, chunks, or up to the end of the stream. The timeouts are the
 * socket's (0: none); a connection is never reused (one call per process).
 */
final class PlainHttp {

    private PlainHttp() {
    }

    /** Plain http, and no proxy set for the JVM (the JDK's connection honours one). */
    static boolean applies(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                && System.getProperty("http.proxyHost") == null && System.getProperty("java.net.useSystemProxies") == null
                && System.getProperty("socksProxyHost") == null;
    }

    static HttpResult post(URI uri, String hostHeader, List<Map.Entry<String, String>> headers, byte[] body,
                           int connectTimeoutMs, int readTimeoutMs) throws IOException {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, uri.getPort() == -1 ? 80 : uri.getPort()), connectTimeoutMs);
            socket.setSoTimeout(readTimeoutMs);
            socket.setTcpNoDelay(true);
            StringBuilder head = new StringBuilder(1024).append("POST ").append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(hostHeader).append("\r\n");
            for (Map.Entry<String, String> h : headers) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            out.write(request);
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    /** A response: interim (1xx) ones skipped. */
    static HttpResult read(InputStream in) throws IOException {
        while (true) {
            String statusLine = line(in);
            if (!statusLine.startsWith("HTTP/") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("Invalid Http response");
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("Invalid Http response");
            }
            String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
            Map<String, String> headers = new HashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            byte[] body;
            String encoding = headers.get("transfer-encoding");
            String length = headers.get("content-length");
            if (status == 204 || status == 304 || status < 200) {
                body = new byte[0];
            } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = chunked(in);
            } else if (length != null) {
                long n;
                try {
                    n = Long.parseLong(length);
                } catch (NumberFormatException e) {
                    throw new IOException("Invalid Content-Length: " + length);
                }
                if (n < 0 || n > Integer.MAX_VALUE - 8) {
                    throw new IOException("Invalid Content-Length: " + length);
                }
                body = in.readNBytes((int) n);
                if (body.length != n) {
                    throw new EOFException("Premature EOF");
                }
            } else {
                body = in.readAllBytes();
            }
            return new HttpResult(status, reason, headers, body);
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("Invalid chunk size: " + sizeLine);
            }
            if (size < 0) {
                throw new IOException("Invalid chunk size: " + sizeLine);
            }
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: not used
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("Premature EOF");
            }
            body.write(chunk);
            line(in);
        }
    }

    /** A line up to CRLF (or LF), without it, as ISO-8859-1; the end of the stream before it is an error. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Unexpected end of file from server");
            }
            if (b == '\n') {
                int end = sb.length();
                if (end > 0 && sb.charAt(end - 1) == '\r') {
                    sb.setLength(end - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }
}
