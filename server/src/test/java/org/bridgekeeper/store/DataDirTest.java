package org.bridgekeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.secrets.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data dir's lock and the modes of what it holds; the list of sealed columns. */
class DataDirTest {

    @TempDir
    Path parent;

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void oneHolderAtATimeAndTheRefusalNamesIt() throws IOException {
        Path dir = parent.resolve("data");
        long pid = ProcessHandle.current().pid();
        try (DataDir held = DataDir.lock(dir, DataDir.Role.SERVER)) {
            assertEquals(pid + " SERVER", Files.readString(dir.resolve(DataDir.LOCK_FILE)).trim());
            Refusal second = assertThrows(Refusal.class, () -> DataDir.lock(dir, DataDir.Role.SERVER));
            assertEquals("the data dir " + held.path() + " is in use by process " + pid
                    + " (another bridgekeeper server, in this process); stop it first", second.getMessage());
            Refusal rotation = assertThrows(Refusal.class, () -> DataDir.lock(dir, DataDir.Role.ROTATE_MASTER_KEY));
            assertTrue(rotation.getMessage().contains("in use by process " + pid + " (bridgekeeper server"),
                    rotation.getMessage());
            // The same directory by another path is the same data dir.
            assertThrows(Refusal.class, () -> DataDir.lock(parent.resolve("./data/../data"), DataDir.Role.SERVER));
        }
        DataDir.lock(dir, DataDir.Role.SERVER).close(); // released on close
    }

    @Test
    void theDataDirIsCreated0700AndTheLock0600() throws IOException {
        Path dir = parent.resolve("a/b/data");
        try (DataDir held = DataDir.lock(dir, DataDir.Role.SERVER)) {
            assertEquals("rwx------", mode(dir));
            assertEquals("rw-------", mode(dir.resolve(DataDir.LOCK_FILE)));
        }
    }

    @Test
    void theDatabaseAndItsWalAndShmAre0600EvenWhenAnOlderVersionLeftThemOpen() throws Exception {
        Path dir = parent.resolve("data");
        try (DataDir held = DataDir.lock(dir, DataDir.Role.SERVER); Database db = Database.open(held, 2)) {
            db.write(tx -> tx.prepare("INSERT INTO event_buses (account, region, name, creation_time, last_modified_time) "
                    + "VALUES ('a', 'r', 'b', 0, 0)").executeUpdate());
            for (String name : List.of("bridgekeeper.db", "bridgekeeper.db-wal", "bridgekeeper.db-shm")) {
                assertTrue(Files.exists(dir.resolve(name)), name);
                assertEquals("rw-------", mode(dir.resolve(name)), name);
            }
        }
        // As an earlier version left them (the umask's 0644, a 0755 directory): narrowed at the next start.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        try (DataDir held = DataDir.lock(dir, DataDir.Role.SERVER); Database db = Database.open(held, 2)) {
            db.write(tx -> tx.prepare("INSERT INTO event_buses (account, region, name, creation_time, last_modified_time) "
                    + "VALUES ('a', 'r', 'c', 0, 0)").executeUpdate());
            assertEquals("rwx------", mode(dir));
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    assertEquals("rw-------", mode(p), p.toString());
                }
            }
        }
    }

    @Test
    void aSharedDirectoryKeepsItsModeButItsFilesArePrivate() throws IOException {
        Path dir = Files.createDirectory(parent.resolve("shared"));
        Files.writeString(dir.resolve("someone-elses.txt"), "x");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DataDir held = DataDir.lock(dir, DataDir.Role.SERVER); Database db = Database.open(held, 1)) {
            assertEquals("rwxr-xr-x", mode(dir), "not only Bridgekeeper's: left alone");
            assertEquals("rw-------", mode(dir.resolve("bridgekeeper.db")));
        }
    }

    @Test
    void everyBlobColumnOfTheSchemaIsASealedColumnTheInventoryReads() throws Exception {
        // A new sealed column must join SealedValues.COLUMNS (and Rewrap), or the start check and
        // rotate-master-key would not know the keys it needs.
        Path dir = parent.resolve("data");
        try (DataDir held = DataDir.lock(dir, DataDir.Role.SERVER); Database db = Database.open(held, 1)) {
            assertEquals(0, db.sealedKeys().values());
        }
        List<String> blobs = new ArrayList<>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bridgekeeper.db"));
             var s = c.createStatement();
             ResultSet tables = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            for (String table : names) {
                try (ResultSet columns = c.createStatement().executeQuery("PRAGMA table_info(" + table + ")")) {
                    while (columns.next()) {
                        if (columns.getString("type").equalsIgnoreCase("BLOB")) {
                            blobs.add(table + "." + columns.getString("name"));
                        }
                    }
                }
            }
        }
        assertEquals(SealedValues.COLUMNS.stream().sorted().toList(), blobs.stream().sorted().toList());
    }
}
