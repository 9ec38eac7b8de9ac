import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The JDK HttpServer's own ceiling, for bench/ceiling.sh: a trivial POST handler on virtual
 * threads with TCP_NODELAY, the same stack as Bridgekeeper, answering a small AWS-shaped JSON.
 * Run as a single-file program: java bench/TrivialServer.java PORT
 */
public class TrivialServer {
    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        byte[] answer = "{\"ConnectionArn\":\"arn:aws:events:us-east-1:000000000000:connection/x/y\",\"ConnectionState\":\"AUTHORIZED\"}"
                .getBytes();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        });
        server.start();
    }
}
