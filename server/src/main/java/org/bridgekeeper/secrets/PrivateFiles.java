package org.bridgekeeper.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files only their owner may read: the data dir (0700) and what it holds (0600: the database and
 * its WAL and SHM, the key ring, the lock, the audit log). Java cannot set the process umask, so
 * every such file is created with its mode from the start (never created open and narrowed
 * later), and an existing one is narrowed. Where the file system has no POSIX permissions
 * (Windows, some mounts) modes are skipped quietly.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /**
     * Creates {@code dir} (and its missing parents) with mode 0700; true if it did not exist. An
     * existing directory is left as it is (see {@link #narrowDirectory}).
     */
    public static boolean createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return false;
        }
        Files.createDirectories(dir, attribute(dir, DIRECTORY));
        return true;
    }

    /** Narrows an existing directory of this user's to 0700 (another user's is left alone). */
    public static void narrowDirectory(Path dir) throws IOException {
        narrow(dir, DIRECTORY);
    }

    /**
     * Creates {@code file} empty with mode 0600 if it does not exist; an existing one is narrowed
     * to 0600 (a file of this user's: the mode of another user's file cannot be changed, and is
     * left alone). For the audit log, the lock, and files another program creates (SQLite's).
     */
    public static Path createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(file, FILE));
        } catch (FileAlreadyExistsException e) {
            narrow(file, FILE);
        }
        return file;
    }

    /** Narrows an existing file to 0600 (nothing if it does not exist). */
    public static void narrowToOwner(Path file) throws IOException {
        if (Files.exists(file)) {
            narrow(file, FILE);
        }
    }

    /**
     * Replaces {@code file} with {@code content} so that no reader, and no crash, ever sees a part
     * of it: written to a temporary 0600 file beside it, fsynced, renamed over it atomically, and
     * the directory fsynced so that the rename itself is durable.
     */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attribute(tmp, FILE))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        fsyncDirectory(file.toAbsolutePath().getParent());
    }

    /** Makes the entries of {@code dir} (a creation, a rename) durable; skipped where a directory cannot be opened. */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory; its renames are durable without this.
        }
    }

    /**
     * The mode of {@code file} as octal ({@code "0644"}) when its group or other users have any
     * permission on it; empty when only its owner has, or the file system has no POSIX modes.
     */
    public static Optional<String> openToOthers(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.stream().noneMatch(OTHERS::contains)) {
            return Optional.empty();
        }
        return Optional.of(octal(permissions));
    }

    /** {@code rw-r--r--} as {@code 0644}. */
    public static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal()); // OWNER_READ is ordinal 0 and bit 0400
        }
        return String.format("%04o", mode);
    }

    private static void narrow(Path path, Set<PosixFilePermission> mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> now = view.readAttributes().permissions();
        if (now.equals(mode)) {
            return;
        }
        try {
            view.setPermissions(mode);
        } catch (IOException | SecurityException e) {
            // Another user's file (a shared mount): its mode is its owner's business. The key
            // ring, which must be private, is checked on its own when it is read.
        }
    }

    private static FileAttribute<?>[] attribute(Path file, Set<PosixFilePermission> mode) {
        return posix(file.toAbsolutePath().getParent())
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static boolean posix(Path existing) {
        Path p = existing;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && Files.getFileAttributeView(p, PosixFileAttributeView.class) != null;
    }
}
