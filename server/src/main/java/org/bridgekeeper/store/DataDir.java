package org.bridgekeeper.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgekeeper.secrets.PrivateFiles;
import org.bridgekeeper.secrets.Refusal;

/**
 * The data dir, held by one process at a time. {@link #lock} is the first thing a server (or
 * {@code rotate-master-key}) does: it creates the directory 0700 and takes an exclusive OS lock
 * on {@code .lock} inside it, writing its pid and role there for whoever is refused next. The
 * lock is the operating system's ({@code fcntl}), so it dies with its process, {@code kill -9}
 * included: a stale {@code .lock} file (and the pid in it) means nothing once no one holds it.
 *
 * <p>Within one JVM (tests start several servers) the OS lock cannot tell holders apart, and
 * closing any descriptor of the file would drop it; so this process's holders are also kept in
 * a map and checked first, and a refused one never opens the file.
 */
public final class DataDir implements AutoCloseable {

    /** What holds the data dir, as a refusal names it. */
    public enum Role {
        SERVER("bridgekeeper server"),
        ROTATE_MASTER_KEY("bridgekeeper rotate-master-key");

        private final String label;

        Role(String label) {
            this.label = label;
        }
    }

    static final String LOCK_FILE = ".lock";
    private static final System.Logger LOG = System.getLogger("bridgekeeper");
    /** The data dirs this JVM holds, by real path. */
    private static final Map<Path, Role> HELD = new ConcurrentHashMap<>();

    private final Path path;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final FileChannel channel;
    private final FileLock lock;

    private DataDir(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} (0700) if needed and takes it for this process.
     *
     * @throws Refusal if another process, or another server of this one, holds it
     */
    public static DataDir lock(Path dir, Role role) {
        try {
            boolean created = PrivateFiles.createPrivateDirectory(dir);
            if (!created && holdsOnlyOurs(dir)) {
                PrivateFiles.narrowDirectory(dir);
            }
            Path real = dir.toRealPath();
            Role mine = HELD.putIfAbsent(real, role);
            if (mine != null) {
                throw inUse(real, ProcessHandle.current().pid(), mine, role);
            }
            try {
                return take(real, role);
            } catch (RuntimeException | IOException e) {
                HELD.remove(real, role);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data dir " + dir.toAbsolutePath().normalize(), e);
        }
    }

    private static DataDir take(Path real, Role role) throws IOException {
        Path file = PrivateFiles.createPrivate(real.resolve(LOCK_FILE));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close(); // not reached: this JVM's holders are in HELD, checked first
            throw inUse(real, ProcessHandle.current().pid(), null, role);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = read(channel);
            channel.close(); // another process's lock: closing our descriptor does not touch it
            throw inUse(real, holder, role);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + role.name() + "\n")
                .getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(true);
        return new DataDir(real, channel, lock);
    }

    /** The directory (its real path). */
    public Path path() {
        return path;
    }

    /** A file in the data dir. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Releases the data dir (the lock file stays: removing it would race with the next holder). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing the data dir lock: " + e.getMessage());
        } finally {
            HELD.remove(path);
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    }

    private static Refusal inUse(Path dir, String holder, Role me) {
        String[] parts = holder.split("\\s+");
        Role role = null;
        if (parts.length > 1) {
            try {
                role = Role.valueOf(parts[1]);
            } catch (IllegalArgumentException e) {
                // an unknown role: named without it
            }
        }
        if (parts[0].matches("\\d+")) {
            return inUse(dir, Long.parseLong(parts[0]), role, me);
        }
        return new Refusal("the data dir " + dir + " is in use by another process (it holds " + dir.resolve(LOCK_FILE)
                + "); stop it first");
    }

    private static Refusal inUse(Path dir, long pid, Role holder, Role me) {
        String what = holder == null ? "" : " (" + (holder == Role.SERVER && me == Role.SERVER ? "another " : "")
                + holder.label + (pid == ProcessHandle.current().pid() ? ", in this process" : "") + ")";
        return new Refusal("the data dir " + dir + " is in use by process " + pid + what + "; stop it first");
    }

    /**
     * Whether the existing directory is Bridgekeeper's alone (empty, or holding only its files),
     * so that narrowing it to 0700 takes nothing from anyone: a data dir pointed at a shared
     * directory keeps its mode, and its files are private anyway.
     */
    private static boolean holdsOnlyOurs(Path dir) throws IOException {
        List<String> ours = List.of(LOCK_FILE, "bridgekeeper.db", "bridgekeeper.db-wal", "bridgekeeper.db-shm",
                "bridgekeeper.db-journal", "keyring.json", "keyring.json.tmp", "audit.log");
        try (var entries = Files.list(dir)) {
            return entries.allMatch(p -> ours.contains(p.getFileName().toString()));
        }
    }
}
