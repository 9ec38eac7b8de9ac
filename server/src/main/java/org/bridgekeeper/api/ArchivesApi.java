package org.bridgekeeper.api;

import static org.bridgekeeper.api.Inputs.absent;
import static org.bridgekeeper.api.Inputs.integer;
import static org.bridgekeeper.api.Inputs.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.archives.Archive;
import org.bridgekeeper.archives.ArchiveService;
import org.bridgekeeper.archives.Replay;
import org.bridgekeeper.connections.PageTokens;

/** Archives and replays: bind, call the service, build the output tree. */
final class ArchivesApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ArchiveService archives;

    ArchivesApi(ArchiveService archives) {
        this.archives = archives;
    }

    public Map<String, HttpApi.Handler> handlers() {
        return Map.of(
                "CreateArchive", (scope, in) -> created(archives.create(scope, text(in, "ArchiveName"),
                        text(in, "EventSourceArn"), text(in, "Description"), text(in, "EventPattern"),
                        integer(in, "RetentionDays"), text(in, "KmsKeyIdentifier"))),
                "DescribeArchive", (scope, in) -> {
                    Archive a = archives.describe(scope, text(in, "ArchiveName"));
                    ObjectNode out = listed(a).put("ArchiveArn", a.arn());
                    optional(out, "Description", a.description());
                    optional(out, "EventPattern", a.eventPattern());
                    optional(out, "KmsKeyIdentifier", a.kmsKeyIdentifier());
                    return out;
                },
                "UpdateArchive", (scope, in) -> created(archives.update(scope, text(in, "ArchiveName"),
                        text(in, "Description"), text(in, "EventPattern"), integer(in, "RetentionDays"),
                        text(in, "KmsKeyIdentifier"))),
                "DeleteArchive", (scope, in) -> {
                    archives.delete(scope, text(in, "ArchiveName"));
                    return NODES.objectNode();
                },
                "ListArchives", (scope, in) -> page(archives.list(scope, text(in, "NamePrefix"), text(in, "EventSourceArn"),
                        text(in, "State"), text(in, "NextToken"), integer(in, "Limit")), "Archives", ArchivesApi::listed),
                "StartReplay", (scope, in) -> {
                    JsonNode destination = in.path("Destination");
                    List<String> filters = new ArrayList<>();
                    destination.path("FilterArns").forEach(f -> filters.add(f.asText()));
                    Replay r = archives.startReplay(scope, new ArchiveService.StartReplay(text(in, "ReplayName"),
                            text(in, "Description"), text(in, "EventSourceArn"), instant(in.get("EventStartTime")),
                            instant(in.get("EventEndTime")), text(destination, "Arn"), filters));
                    return NODES.objectNode().put("ReplayArn", r.arn()).put("State", r.state().name())
                            .put("ReplayStartTime", r.replayStartTime().getEpochSecond());
                },
                "DescribeReplay", (scope, in) -> {
                    Replay r = archives.describeReplay(scope, text(in, "ReplayName"));
                    ObjectNode out = replay(r).put("ReplayArn", r.arn());
                    optional(out, "Description", r.description());
                    ObjectNode destination = out.putObject("Destination").put("Arn", r.destinationArn());
                    if (!r.filterArns().isEmpty()) {
                        r.filterArns().forEach(destination.putArray("FilterArns")::add);
                    }
                    return out;
                },
                "ListReplays", (scope, in) -> page(archives.listReplays(scope, text(in, "NamePrefix"), text(in, "State"),
                        text(in, "EventSourceArn"), text(in, "NextToken"), integer(in, "Limit")), "Replays", ArchivesApi::replay),
                "CancelReplay", (scope, in) -> {
                    Replay r = archives.cancelReplay(scope, text(in, "ReplayName"));
                    return NODES.objectNode().put("ReplayArn", r.arn()).put("State", r.state().name());
                });
    }

    private static Instant instant(JsonNode seconds) {
        return absent(seconds) ? null : Instant.ofEpochMilli(Math.round(seconds.asDouble() * 1000));
    }

    private static ObjectNode created(Archive a) {
        return NODES.objectNode().put("ArchiveArn", a.arn()).put("State", a.state())
                .put("CreationTime", a.creationTime().getEpochSecond());
    }

    /** The members of an archive in ListArchives (DescribeArchive adds its own). */
    private static ObjectNode listed(Archive a) {
        ObjectNode out = NODES.objectNode().put("ArchiveName", a.name()).put("EventSourceArn", a.busArn())
                .put("State", a.state());
        if (a.retentionDays() != null) {
            out.put("RetentionDays", a.retentionDays());
        }
        return out.put("SizeBytes", a.sizeBytes()).put("EventCount", a.eventCount())
                .put("CreationTime", a.creationTime().getEpochSecond());
    }

    /** The members of a replay in ListReplays (DescribeReplay adds its own). */
    private static ObjectNode replay(Replay r) {
        ObjectNode out = NODES.objectNode().put("ReplayName", r.name()).put("EventSourceArn", r.archiveArn())
                .put("State", r.state().name());
        optional(out, "StateReason", r.stateReason());
        out.put("EventStartTime", r.eventStartTime().getEpochSecond()).put("EventEndTime", r.eventEndTime().getEpochSecond());
        if (r.eventLastReplayedTime() != null) {
            out.put("EventLastReplayedTime", r.eventLastReplayedTime().getEpochSecond());
        }
        out.put("ReplayStartTime", r.replayStartTime().getEpochSecond());
        if (r.replayEndTime() != null) {
            out.put("ReplayEndTime", r.replayEndTime().getEpochSecond());
        }
        return out;
    }

    private static void optional(ObjectNode out, String field, String value) {
        if (value != null) {
            out.put(field, value);
        }
    }

    private static <T> ObjectNode page(PageTokens.Page<T> page, String member, java.util.function.Function<T, JsonNode> item) {
        ObjectNode out = NODES.objectNode();
        ArrayNode items = out.putArray(member);
        page.items().forEach(i -> items.add(item.apply(i)));
        if (page.nextToken() != null) {
            out.put("NextToken", page.nextToken());
        }
        return out;
    }
}
