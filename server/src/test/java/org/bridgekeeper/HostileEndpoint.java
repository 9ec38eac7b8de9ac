package org.bridgekeeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP endpoint that misbehaves after its response headers, as the security review's
 * endpoints did: {@link Mode#STALL} sends its headers and part of the body it announced, then
 * nothing; {@link Mode#ENDLESS} streams a chunked body without end. Raw sockets, so that nothing
 * in between buffers or times out. {@link #abandoned} counts the calls whose client closed the
 * connection (the caller gave up, as it should).
 */
public final class HostileEndpoint implements AutoCloseable {

    public enum Mode { STALL, ENDLESS }

    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger abandoned = new AtomicInteger();
    private final ServerSocket server;
    private final Mode mode;

    public HostileEndpoint(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            readRequest(in);
            requests.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            if (mode == Mode.STALL) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"access_")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (in.read() != -1) {
                    // nothing more is sent; wait until the client closes
                }
            } else {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[16 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                while (true) {
                    out.write(size);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            abandoned.incrementAndGet();
        } catch (IOException e) {
            abandoned.incrementAndGet(); // the client closed the connection while we wrote
        }
    }

    /** Reads the request's headers and its Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
