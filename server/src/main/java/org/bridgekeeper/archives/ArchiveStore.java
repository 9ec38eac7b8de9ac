package org.bridgekeeper.archives;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;

/** Where archives, their events and replays are kept. Names are unique per scope. */
public interface ArchiveStore {

    /** False when the name is taken. */
    boolean insertArchive(Archive archive);

    /** With its event count and size. */
    Optional<Archive> findArchive(Scope scope, String name);

    void updateArchive(Archive archive);

    /** Deletes the archive and its events; false when there was none. */
    boolean deleteArchive(Scope scope, String name);

    /** By name, after {@code afterName}; {@code bus} null for every bus. With counts. */
    List<Archive> listArchives(Scope scope, String namePrefix, String bus, String afterName, int limit);

    /** Every archive of a bus (for matching; without counts). */
    List<Archive> archivesOf(Scope scope, String bus);

    /**
     * The generation of the bus's routing, changed in the same transaction as every archive of the
     * bus created, updated or deleted (by any node sharing the database); one point read.
     */
    long generation(Scope scope, String bus);

    /** Stores the events, in one transaction. */
    void append(Scope scope, List<ArchivedEvent> events);

    /** Removes the events older than their archive's retention at {@code now}; how many. */
    int purge(Instant now);

    /**
     * Events of the archive with an event time in [{@code from}, {@code to}], in replay order,
     * after the position {@code after} (null: from the first).
     */
    List<ArchivedEvent> events(Scope scope, String archive, Instant from, Instant to, String after, int limit);

    /** False when the name is taken. */
    boolean insertReplay(Replay replay);

    Optional<Replay> findReplay(Scope scope, String name);

    void updateReplay(Replay replay);

    /** {@code state} and {@code archiveArn} null for any. */
    List<Replay> listReplays(Scope scope, String namePrefix, String state, String archiveArn, String afterName, int limit);

    /** Replays still to finish, in every scope (resumed at start). */
    List<Replay> activeReplays();
}
