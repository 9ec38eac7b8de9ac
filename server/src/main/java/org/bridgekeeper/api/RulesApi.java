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
import org.bridgekeeper.connections.PageTokens;
import org.bridgekeeper.rules.EventBus;
import org.bridgekeeper.rules.EventService;
import org.bridgekeeper.rules.Rule;
import org.bridgekeeper.rules.RuleService;
import org.bridgekeeper.rules.Tag;
import org.bridgekeeper.rules.Target;

/**
 * Event buses (with their settings and permissions), rules, targets, tags, PutEvents and
 * TestEventPattern: bind, call the services, build the output tree.
 */
final class RulesApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RuleService rules;
    private final EventService events;

    RulesApi(RuleService rules, EventService events) {
        this.rules = rules;
        this.events = events;
    }

    public Map<String, HttpApi.Handler> handlers() {
        return Map.ofEntries(
                Map.entry("CreateEventBus", (scope, in) -> {
                    EventBus bus = rules.createBus(scope, new RuleService.CreateBus(text(in, "Name"),
                            text(in, "EventSourceName"), text(in, "Description"), text(in, "KmsKeyIdentifier"),
                            deadLetterConfig(in.get("DeadLetterConfig")), logConfig(in.get("LogConfig")), tags(in.get("Tags"))));
                    return settings(NODES.objectNode().put("EventBusArn", bus.arn()), bus);
                }),
                Map.entry("DescribeEventBus", (scope, in) -> bus(rules.describeBus(scope, text(in, "Name")))),
                Map.entry("UpdateEventBus", (scope, in) -> {
                    EventBus bus = rules.updateBus(scope, new RuleService.UpdateBus(text(in, "Name"), text(in, "Description"),
                            text(in, "KmsKeyIdentifier"), deadLetterConfig(in.get("DeadLetterConfig")),
                            logConfig(in.get("LogConfig"))));
                    return settings(NODES.objectNode().put("Arn", bus.arn()).put("Name", bus.name()), bus);
                }),
                Map.entry("PutPermission", (scope, in) -> {
                    JsonNode condition = in.get("Condition");
                    rules.putPermission(scope, new RuleService.PutPermission(text(in, "EventBusName"), text(in, "Action"),
                            text(in, "Principal"), text(in, "StatementId"),
                            absent(condition) ? null : text(condition, "Type"), absent(condition) ? null : text(condition, "Key"),
                            absent(condition) ? null : text(condition, "Value"), text(in, "Policy")));
                    return NODES.objectNode();
                }),
                Map.entry("RemovePermission", (scope, in) -> {
                    rules.removePermission(scope, text(in, "EventBusName"), text(in, "StatementId"),
                            in.path("RemoveAllPermissions").asBoolean(false));
                    return NODES.objectNode();
                }),
                Map.entry("TagResource", (scope, in) -> {
                    rules.tagResource(scope, text(in, "ResourceARN"), tags(in.get("Tags")));
                    return NODES.objectNode();
                }),
                Map.entry("UntagResource", (scope, in) -> {
                    List<String> keys = new ArrayList<>();
                    in.path("TagKeys").forEach(k -> keys.add(k.asText()));
                    rules.untagResource(scope, text(in, "ResourceARN"), keys);
                    return NODES.objectNode();
                }),
                Map.entry("ListTagsForResource", (scope, in) -> {
                    ObjectNode out = NODES.objectNode();
                    ArrayNode list = out.putArray("Tags");
                    rules.listTags(scope, text(in, "ResourceARN")).forEach(t -> list.addObject().put("Key", t.key())
                            .put("Value", t.value()));
                    return out;
                }),
                Map.entry("ListRuleNamesByTarget", (scope, in) -> page(rules.ruleNamesByTarget(scope, text(in, "TargetArn"),
                        text(in, "EventBusName"), text(in, "NextToken"), integer(in, "Limit")), "RuleNames", NODES::textNode)),
                Map.entry("DeleteEventBus", (scope, in) -> {
                    rules.deleteBus(scope, text(in, "Name"));
                    return NODES.objectNode();
                }),
                Map.entry("ListEventBuses", (scope, in) -> {
                    PageTokens.Page<EventBus> page = rules.listBuses(scope, text(in, "NamePrefix"), text(in, "NextToken"),
                            integer(in, "Limit"));
                    return page(page, "EventBuses", RulesApi::bus);
                }),
                Map.entry("PutRule", (scope, in) -> NODES.objectNode().put("RuleArn", rules.putRule(scope, new RuleService.PutRule(
                        text(in, "Name"), text(in, "EventBusName"), text(in, "EventPattern"), text(in, "ScheduleExpression"),
                        text(in, "State"), text(in, "Description"), text(in, "RoleArn"), tags(in.get("Tags")))).arn())),
                Map.entry("DescribeRule", (scope, in) -> {
                    Rule rule = rules.describeRule(scope, text(in, "Name"), text(in, "EventBusName"));
                    return rule(rule).put("CreatedBy", rule.createdBy());
                }),
                Map.entry("DeleteRule", (scope, in) -> {
                    rules.deleteRule(scope, text(in, "Name"), text(in, "EventBusName"), in.path("Force").asBoolean(false));
                    return NODES.objectNode();
                }),
                Map.entry("EnableRule", (scope, in) -> {
                    rules.setRuleState(scope, text(in, "Name"), text(in, "EventBusName"), true);
                    return NODES.objectNode();
                }),
                Map.entry("DisableRule", (scope, in) -> {
                    rules.setRuleState(scope, text(in, "Name"), text(in, "EventBusName"), false);
                    return NODES.objectNode();
                }),
                Map.entry("ListRules", (scope, in) -> page(rules.listRules(scope, text(in, "NamePrefix"), text(in, "EventBusName"),
                        text(in, "NextToken"), integer(in, "Limit")), "Rules", RulesApi::rule)),
                Map.entry("PutTargets", (scope, in) -> {
                    List<Target> targets = new ArrayList<>();
                    in.path("Targets").forEach(t -> targets.add(new Target(t.path("Id").asText(), t)));
                    return failed(rules.putTargets(scope, text(in, "Rule"), text(in, "EventBusName"), targets));
                }),
                Map.entry("RemoveTargets", (scope, in) -> {
                    List<String> ids = new ArrayList<>();
                    in.path("Ids").forEach(id -> ids.add(id.asText()));
                    return failed(rules.removeTargets(scope, text(in, "Rule"), text(in, "EventBusName"), ids));
                }),
                Map.entry("ListTargetsByRule", (scope, in) -> page(rules.listTargets(scope, text(in, "Rule"),
                        text(in, "EventBusName"), text(in, "NextToken"), integer(in, "Limit")), "Targets", Target::definition)),
                Map.entry("TestEventPattern", (scope, in) -> NODES.objectNode()
                        .put("Result", events.test(text(in, "EventPattern"), text(in, "Event")))),
                Map.entry("PutEvents", (scope, in) -> {
                    List<EventService.Entry> entries = new ArrayList<>();
                    in.path("Entries").forEach(e -> entries.add(entry(e)));
                    List<EventService.Result> results = events.put(scope, entries);
                    ObjectNode out = NODES.objectNode();
                    out.put("FailedEntryCount", results.stream().filter(r -> r.errorCode() != null).count());
                    ArrayNode items = out.putArray("Entries");
                    for (EventService.Result r : results) {
                        ObjectNode item = items.addObject();
                        if (r.eventId() != null) {
                            item.put("EventId", r.eventId());
                        } else {
                            item.put("ErrorCode", r.errorCode()).put("ErrorMessage", r.errorMessage());
                        }
                    }
                    return out;
                }));
    }

    private static EventService.Entry entry(JsonNode e) {
        List<String> resources = null;
        if (!absent(e.get("Resources"))) {
            resources = new ArrayList<>();
            for (JsonNode r : e.get("Resources")) {
                resources.add(r.asText());
            }
        }
        JsonNode time = e.get("Time");
        return new EventService.Entry(absent(time) ? null : Instant.ofEpochMilli((long) (time.asDouble() * 1000)),
                text(e, "Source"), resources, text(e, "DetailType"), text(e, "Detail"), text(e, "EventBusName"));
    }

    /** Tags as given; null when the member is absent. */
    private static List<Tag> tags(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        List<Tag> tags = new ArrayList<>();
        node.forEach(t -> tags.add(new Tag(text(t, "Key"), text(t, "Value"))));
        return tags;
    }

    private static EventBus.DeadLetterConfig deadLetterConfig(JsonNode node) {
        return absent(node) ? null : new EventBus.DeadLetterConfig(text(node, "Arn"));
    }

    private static EventBus.LogConfig logConfig(JsonNode node) {
        return absent(node) ? null : new EventBus.LogConfig(text(node, "IncludeDetail"), text(node, "Level"));
    }

    /** Description, KmsKeyIdentifier, DeadLetterConfig and LogConfig, each when set. */
    private static ObjectNode settings(ObjectNode out, EventBus bus) {
        if (bus.description() != null) {
            out.put("Description", bus.description());
        }
        if (bus.kmsKeyIdentifier() != null) {
            out.put("KmsKeyIdentifier", bus.kmsKeyIdentifier());
        }
        if (bus.deadLetterConfig() != null) {
            ObjectNode dlq = out.putObject("DeadLetterConfig");
            if (bus.deadLetterConfig().arn() != null) {
                dlq.put("Arn", bus.deadLetterConfig().arn());
            }
        }
        if (bus.logConfig() != null) {
            ObjectNode logs = out.putObject("LogConfig");
            if (bus.logConfig().includeDetail() != null) {
                logs.put("IncludeDetail", bus.logConfig().includeDetail());
            }
            if (bus.logConfig().level() != null) {
                logs.put("Level", bus.logConfig().level());
            }
        }
        return out;
    }

    /** DescribeEventBus (and ListEventBuses' items, whose shape keeps Name, Arn, Description, Policy and the times). */
    private static ObjectNode bus(EventBus bus) {
        ObjectNode out = settings(NODES.objectNode().put("Name", bus.name()).put("Arn", bus.arn()), bus);
        if (bus.policy() != null) {
            out.put("Policy", bus.policy());
        }
        if (bus.creationTime() != null) {
            out.put("CreationTime", bus.creationTime().getEpochSecond()).put("LastModifiedTime", bus.lastModifiedTime().getEpochSecond());
        }
        return out;
    }

    private static ObjectNode rule(Rule rule) {
        ObjectNode out = NODES.objectNode().put("Name", rule.name()).put("Arn", rule.arn());
        if (rule.eventPattern() != null) {
            out.put("EventPattern", rule.eventPattern());
        }
        if (rule.scheduleExpression() != null) {
            out.put("ScheduleExpression", rule.scheduleExpression());
        }
        out.put("State", rule.state());
        if (rule.description() != null) {
            out.put("Description", rule.description());
        }
        if (rule.roleArn() != null) {
            out.put("RoleArn", rule.roleArn());
        }
        return out.put("EventBusName", rule.bus());
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

    private static ObjectNode failed(List<RuleService.FailedEntry> failures) {
        ObjectNode out = NODES.objectNode().put("FailedEntryCount", failures.size());
        ArrayNode entries = out.putArray("FailedEntries");
        failures.forEach(f -> entries.addObject().put("TargetId", f.targetId()).put("ErrorCode", f.errorCode())
                .put("ErrorMessage", f.errorMessage()));
        return out;
    }
}
