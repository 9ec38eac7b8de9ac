package org.bridgekeeper.invoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP endpoint on a raw socket, for {@link Http1Test}: every connection it accepts is
 * served by the script (which reads requests with {@link #request} and writes bytes as it
 * likes, misbehaving where a test needs it). It counts connections, records the request heads it
 * read, and counts the connections whose script has ended (closed on its side).
 */
final class RawEndpoint implements AutoCloseable {

    interface Script {
        /** Serves one connection (the {@code n}th, from 1); the socket is closed when it returns. */
        void serve(int n, InputStream in, OutputStream out) throws Exception;
    }

    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Script script;

    RawEndpoint(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int n = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try (socket) {
                        script.serve(n, socket.getInputStream(), socket.getOutputStream());
                    } catch (Exception e) {
                        // the client went away: the test looks at what it got
                    } finally {
                        ended.incrementAndGet();
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Reads one request's head and its Content-Length body, and records the head; null when the
     * client closed the connection instead.
     */
    String request(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        if (b == -1) {
            return null;
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        requests.add(head.toString());
        return head.toString();
    }

    static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
