import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end event throughput and delivery latency: PutEvents -> rule -> API destination -> a
 * real HTTP receiver in this process. Run with the JDK's source launcher (no build step):
 *
 *   java bench/EventsLoad.java http://127.0.0.1:4790 EVENTS CONCURRENCY BATCH [DESTINATIONS [mixed]]
 *
 * An API destination delivers at most 300 calls/s (AWS's rate limit, which Bridgekeeper keeps),
 * so DESTINATIONS (default 1) rules, each with its own destination, share the events (by a shard
 * number in the detail) to measure the engine past one destination's limit.
 * The server must run with --allow-http-endpoints --egress-allow 127.0.0.0/8 (the receiver is
 * plain HTTP on loopback).
 * Each event carries its send time (epoch microseconds) in its detail; the receiver subtracts it
 * from its arrival time. Prints events/s accepted by PutEvents, events/s delivered (first
 * PutEvents to last arrival), and delivery latency p50/p90/p99/max.
 */
public class EventsLoad {

    static final Pattern SENT = Pattern.compile("\"sent\":(\\d+)");
    static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int events = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int shards = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        // Mixed targets: each rule also sends the event to a relay bus, whose rule delivers it to the
        // receiver through another API destination, so every event arrives twice (direct, via the bus).
        boolean mixed = args.length > 5 && args[5].equals("mixed");
        int copies = mixed ? 2 : 1;
        int expected = events * copies;

        long[] latencyMicros = new long[expected];
        boolean[] seen = new boolean[expected];
        AtomicInteger arrived = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(expected);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes());
            long now = micros();
            Matcher sent = SENT.matcher(body);
            Matcher seq = SEQ.matcher(body);
            if (sent.find() && seq.find()) {
                int i = Integer.parseInt(seq.group(1)) + (exchange.getRequestURI().getPath().endsWith("/relay") ? events : 0);
                synchronized (seen) {
                    if (seen[i]) {
                        duplicates.incrementAndGet();
                    } else {
                        seen[i] = true;
                        latencyMicros[i] = now - Long.parseLong(sent.group(1));
                        arrived.incrementAndGet();
                        all.countDown();
                    }
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events";

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        String run = Long.toString(System.currentTimeMillis(), 36);
        String connection = field(call(http, endpoint, "CreateConnection", "{\"Name\":\"load-" + run + "\",\"AuthorizationType\":\"API_KEY\","
                + "\"AuthParameters\":{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"x-api-key\",\"ApiKeyValue\":\"bench-secret\"}}}"), "ConnectionArn");
        for (int k = 0; k < shards; k++) {
            String name = "load-" + run + "-" + k;
            String destination = field(call(http, endpoint, "CreateApiDestination", "{\"Name\":\"" + name + "\",\"ConnectionArn\":\""
                    + connection + "\",\"InvocationEndpoint\":\"" + receiverUrl + "\",\"HttpMethod\":\"POST\",\"InvocationRateLimitPerSecond\":300}"), "ApiDestinationArn");
            call(http, endpoint, "PutRule", "{\"Name\":\"" + name + "\",\"EventPattern\":\"{\\\"source\\\":[\\\"bench." + run
                    + "\\\"],\\\"detail\\\":{\\\"shard\\\":[" + k + "]}}\"}");
            String relayTarget = "";
            if (mixed) {
                String bus = field(call(http, endpoint, "CreateEventBus", "{\"Name\":\"" + name + "-relay\"}"), "EventBusArn");
                String relayed = field(call(http, endpoint, "CreateApiDestination", "{\"Name\":\"" + name + "-relay\",\"ConnectionArn\":\""
                        + connection + "\",\"InvocationEndpoint\":\"" + receiverUrl + "/relay\",\"HttpMethod\":\"POST\","
                        + "\"InvocationRateLimitPerSecond\":300}"), "ApiDestinationArn");
                call(http, endpoint, "PutRule", "{\"Name\":\"" + name + "\",\"EventBusName\":\"" + name + "-relay\","
                        + "\"EventPattern\":\"{\\\"source\\\":[\\\"bench." + run + "\\\"]}\"}");
                call(http, endpoint, "PutTargets", "{\"Rule\":\"" + name + "\",\"EventBusName\":\"" + name + "-relay\","
                        + "\"Targets\":[{\"Id\":\"t\",\"Arn\":\"" + relayed + "\",\"RoleArn\":\"arn:aws:iam::000000000000:role/bench\"}]}");
                relayTarget = ",{\"Id\":\"bus\",\"Arn\":\"" + bus + "\"}";
            }
            call(http, endpoint, "PutTargets", "{\"Rule\":\"" + name + "\",\"Targets\":[{\"Id\":\"t\",\"Arn\":\"" + destination
                    + "\",\"RoleArn\":\"arn:aws:iam::000000000000:role/bench\"}" + relayTarget + "]}");
        }

        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        // EVENTS_RATE (events/s, optional): an open-loop pace, event i sent at start + i / rate, to measure
        // delivery latency at a given load rather than at saturation.
        String paced = System.getenv("EVENTS_RATE");
        double rate = paced == null || paced.isEmpty() ? 0 : Double.parseDouble(paced);
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (true) {
                    int first = next.getAndAdd(batch);
                    if (first >= events) {
                        return;
                    }
                    if (rate > 0) {
                        long due = start + (long) (first * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    StringBuilder body = new StringBuilder("{\"Entries\":[");
                    for (int i = first; i < Math.min(events, first + batch); i++) {
                        if (i > first) {
                            body.append(',');
                        }
                        body.append("{\"Source\":\"bench.").append(run).append("\",\"DetailType\":\"load\",\"Detail\":\"{\\\"seq\\\":")
                                .append(i).append(",\\\"shard\\\":").append(i % shards)
                                .append(",\\\"sent\\\":").append(micros()).append("}\"}");
                    }
                    try {
                        String answer = call(http, endpoint, "PutEvents", body.append("]}").toString());
                        if (!answer.contains("\"FailedEntryCount\":0")) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        double putSeconds = (System.nanoTime() - start) / 1e9;
        boolean complete = all.await(120, TimeUnit.SECONDS);
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        receiver.stop(0);

        long[] sorted = Arrays.copyOf(latencyMicros, expected);
        Arrays.sort(sorted);
        int missing = expected - arrived.get();
        long[] present = Arrays.copyOfRange(sorted, missing, expected);
        System.out.printf("events %d, concurrency %d, batch %d, destinations %d%s%n", events, concurrency, batch, shards,
                mixed ? ", mixed targets (API destination + event bus -> API destination): 2 deliveries per event" : "");
        System.out.printf("PutEvents accepted: %.0f events/s (%.2f s)%s%n", events / putSeconds, putSeconds,
                failed.get() > 0 ? ", FAILED requests: " + failed.get() : "");
        System.out.printf("delivered end to end: %.0f events/s (%d of %d in %.2f s)%s%n", arrived.get() / totalSeconds,
                arrived.get(), expected, totalSeconds, complete ? "" : " INCOMPLETE");
        System.out.printf("delivery latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", pct(present, 50), pct(present, 90),
                pct(present, 99), present.length == 0 ? 0 : present[present.length - 1] / 1000.0);
        System.out.printf("duplicates %d%n", duplicates.get());
        System.exit(complete && failed.get() == 0 ? 0 : 1);
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1000.0;
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    static String call(HttpClient http, URI endpoint, String operation, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                .header("X-Amz-Target", "AWSEvents." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
