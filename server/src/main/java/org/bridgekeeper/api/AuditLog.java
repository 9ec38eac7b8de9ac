package org.bridgekeeper.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail: one JSON line per call that changes state or sends a secret outward, appended
 * to a file ({@code audit.log} in the data dir unless {@code --audit-log} says otherwise), created
 * with mode 0600. A line names who (access key id, account, region, source address), what
 * (operation, resource: a name or ARN from the request) and how it ended ({@code OK} or the error
 * code), never a secret nor a payload: {@link Entry} has no field that could hold one.
 *
 * <p>One writer thread appends the lines and fsyncs them; lines that arrive while it writes go
 * out together with one fsync (group commit, as the database does). A caller that needs the line
 * durable before it answers (a successful write) waits on the future {@link #append} returns.
 */
public final class AuditLog implements AutoCloseable {

    /**
     * One line.
     *
     * @param time        the server's clock
     * @param accessKeyId the key the request named (verified under {@code --auth verify}); null without one
     * @param account     the caller's account; null when the request was refused before it was known
     * @param region      the caller's region; null likewise
     * @param operation   the {@code X-Amz-Target}, e.g. {@code AWSEvents.CreateConnection}
     * @param resource    the name or ARN the request names; null when it names none or could not be read
     * @param outcome     {@code OK} or the error code answered
     * @param source      the client's IP address
     */
    record Entry(Instant time, String requestId, String accessKeyId, String account, String region, String operation,
                 String resource, String outcome, String source) {}

    private record Pending(byte[] line, CompletableFuture<Void> written) {}

    private static final System.Logger LOG = System.getLogger("bridgekeeper.audit");
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pending STOP = new Pending(new byte[0], null);
    private static final int MAX_FIELD = 512;

    private final Path file;
    private final FileChannel channel;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    private AuditLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        this.writer = channel == null ? null : Thread.ofPlatform().daemon().name("bridgekeeper-audit").unstarted(this::run);
    }

    /** Opens (creating with mode 0600 when missing) and starts the writer. */
    public static AuditLog open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (UnsupportedOperationException e) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        endWithNewline(file, channel);
        AuditLog log = new AuditLog(file, channel);
        log.writer.start();
        return log;
    }

    /**
     * A process killed in the middle of a write leaves a partial last line: end it, so that the
     * next line starts on its own (a reader then skips one unreadable line, not two).
     */
    private static void endWithNewline(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            reader.read(last, size - 1);
        }
        if (last.get(0) != '\n') {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
            channel.force(false);
        }
    }

    /** Where the lines go. */
    public Path file() {
        return file;
    }

    /**
     * Queues the entry's line; the future completes when it is on disk (fsynced), or exceptionally
     * when it could not be written.
     */
    CompletableFuture<Void> append(Entry entry) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (closed) {
            written.completeExceptionally(new IOException("the audit log is closed"));
            return written;
        }
        queue.add(new Pending(line(entry), written));
        return written;
    }

    static byte[] line(Entry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(320);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("time", e.time().toString());
            out.writeStringField("requestId", e.requestId());
            field(out, "accessKeyId", e.accessKeyId());
            field(out, "account", e.account());
            field(out, "region", e.region());
            field(out, "operation", e.operation());
            field(out, "resource", e.resource());
            out.writeStringField("outcome", e.outcome());
            field(out, "source", e.source());
            out.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /** A field as JSON (escaped: a name cannot break the line), shortened: a refused request may name anything. */
    private static void field(JsonGenerator out, String name, String value) throws IOException {
        if (value == null) {
            out.writeNullField(name);
        } else {
            out.writeStringField(name, value.length() <= MAX_FIELD ? value : value.substring(0, MAX_FIELD) + "...");
        }
    }

    /** Reads, which leave no line: {@code Describe*}, {@code List*}, {@code Get*} and {@code TestEventPattern}. */
    static boolean isRead(String operation) {
        return operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Get")
                || operation.equals("TestEventPattern");
    }

    /** The request members that name what a call acts on, most specific first. */
    private static final List<String> NAMES = List.of("Name", "Rule", "AliasName", "KeyId", "ResourceARN", "ResourceArn",
            "Arn");

    /**
     * What a call acts on, from its request: the name or ARN it gives ({@code Name}, {@code Rule},
     * {@code AliasName}, {@code KeyId}, ...), prefixed with its {@code EventBusName} when it has one
     * (a rule, its targets); the buses of PutEvents' entries; the ids of RedriveDeadLetters. A
     * request that names nothing (CreateKey) is named by the ARN its answer carries. Never a value
     * of the request's other members (secrets, payloads).
     *
     * @param target the operation, {@code Service.Operation}
     * @param input  the parsed request; null when it could not be read
     * @param output the answer's tree; null when the call failed
     */
    static String resource(String target, JsonNode input, JsonNode output) {
        if (input == null) {
            return null;
        }
        String operation = target.substring(target.indexOf('.') + 1);
        if (operation.equals("PutEvents")) {
            java.util.Set<String> buses = new java.util.TreeSet<>();
            input.path("Entries").forEach(e -> buses.add(e.path("EventBusName").asText("default").isEmpty() ? "default"
                    : e.path("EventBusName").asText("default")));
            return buses.isEmpty() ? null : String.join(",", buses);
        }
        if (operation.equals("RedriveDeadLetters")) {
            if (!input.path("Ids").isArray()) {
                return "*";
            }
            List<String> ids = new ArrayList<>();
            input.path("Ids").forEach(id -> ids.add(id.asText()));
            return String.join(",", ids);
        }
        String name = null;
        for (String member : NAMES) {
            if (input.path(member).isTextual() && !input.path(member).asText().isEmpty()) {
                name = input.path(member).asText();
                break;
            }
        }
        if (name == null) {
            String arn = output == null ? "" : output.at("/KeyMetadata/Arn").asText("");
            return arn.isEmpty() ? null : arn;
        }
        String bus = input.path("EventBusName").asText("");
        return bus.isEmpty() || operation.endsWith("EventBus") ? name : bus + "/" + name;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                stopping = true;
            }
            queue.drainTo(batch, 4096);
            stopping |= batch.remove(STOP);
            if (batch.isEmpty()) {
                continue;
            }
            try {
                int size = 0;
                for (Pending p : batch) {
                    size += p.line().length;
                }
                ByteBuffer buffer = ByteBuffer.allocate(size);
                batch.forEach(p -> buffer.put(p.line()));
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
                batch.forEach(p -> p.written().complete(null));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "cannot write the audit log " + file + ": " + e.getMessage());
                batch.forEach(p -> p.written().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the audit log " + file + ": " + e.getMessage());
        }
        // Anything that raced past the stop marker is answered, not left waiting.
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            if (p.written() != null) {
                p.written().completeExceptionally(new IOException("the audit log is closed"));
            }
        }
    }
}
