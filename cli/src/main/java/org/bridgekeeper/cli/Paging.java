package org.bridgekeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bridgekeeper.cli.args.ArgParser;
import org.bridgekeeper.cli.args.CliNames;
import org.bridgekeeper.cli.args.CommandArgs;
import org.bridgekeeper.cli.model.Operation;
import org.bridgekeeper.cli.model.ServiceModel;
import org.bridgekeeper.cli.py.JsonDecodeError;
import org.bridgekeeper.cli.py.Py;

/**
 * Automatic pagination for the operations botocore has paginators for (ListRules,
 * ListRuleNamesByTarget, ListTargetsByRule): pages are fetched until the service stops
 * returning a token, or {@code --max-items} is reached, and their result lists are joined into
 * one response, as botocore's {@code build_full_result} does. A truncated result carries a
 * {@code NextToken} in botocore's format (base64 of {@code {"NextToken": ..,
 * "boto_truncate_amount": n}}), which {@code --starting-token} accepts back.
 */
final class Paging {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Operation.Paginator config;
    private final Caller caller;
    private final String startingToken;
    private final Integer pageSize;
    private final Integer maxItems;

    Paging(ServiceModel model, Operation op, Caller caller, ArgParser.Result parsed) {
        this.config = op.paginator();
        this.caller = caller;
        this.startingToken = parsed.string(CommandArgs.STARTING_TOKEN);
        this.pageSize = (Integer) parsed.values().get(CommandArgs.PAGE_SIZE);
        this.maxItems = (Integer) parsed.values().get(CommandArgs.MAX_ITEMS);
    }

    /** Turns pagination off when the user passed the service's own token or limit, as aws-cli does. */
    static GlobalArgs checkEnabled(Operation op, ArgParser.Result parsed, GlobalArgs globals) {
        if (op.paginator() == null) {
            return globals;
        }
        GlobalArgs g = globals;
        List<String> own = new ArrayList<>();
        own.add(CliNames.option(op.paginator().inputToken()).replace('-', '_'));
        if (op.paginator().limitKey() != null) {
            own.add(CliNames.option(op.paginator().limitKey()).replace('-', '_'));
        }
        for (String dest : own) {
            if (parsed.values().get(dest) != null) {
                g = g.withPaginate(false);
            }
        }
        if (!g.paginate()) {
            List<String> used = new ArrayList<>();
            for (String dest : List.of(CommandArgs.STARTING_TOKEN, CommandArgs.PAGE_SIZE, CommandArgs.MAX_ITEMS)) {
                if (parsed.values().get(dest) != null) {
                    used.add("--" + dest.replace('_', '-'));
                }
            }
            if (!used.isEmpty()) {
                throw new CliError(252, "Parameter validation failed:\nCannot specify --no-paginate along with"
                        + " pagination arguments: " + String.join(", ", used));
            }
        }
        return g;
    }

    JsonNode fullResult(ObjectNode params) {
        if (params.has(config.inputToken()) || (config.limitKey() != null && params.has(config.limitKey()))) {
            return caller.call(params);
        }
        ObjectNode request = params.deepCopy();
        JsonNode nextToken = NODES.nullNode();
        int skip = 0;
        if (startingToken != null) {
            ObjectNode decoded = decode(startingToken);
            nextToken = decoded.has(config.inputToken()) ? decoded.get(config.inputToken()) : NODES.nullNode();
            skip = decoded.has("boto_truncate_amount") ? decoded.get("boto_truncate_amount").asInt() : 0;
        }
        if (pageSize != null && config.limitKey() != null) {
            request.put(config.limitKey(), pageSize);
        }
        ArrayNode items = NODES.arrayNode();
        boolean anyItems = false;
        String resume = null;
        int total = 0;
        boolean first = true;
        JsonNode previous = null;
        while (true) {
            if (!nextToken.isNull()) {
                request.set(config.inputToken(), nextToken);
            }
            JsonNode page = caller.call(request);
            JsonNode list = page.get(config.resultKey());
            List<JsonNode> current = new ArrayList<>();
            if (list != null && list.isArray()) {
                list.forEach(current::add);
                anyItems = true;
            }
            if (first && skip > 0) {
                current = current.subList(Math.min(skip, current.size()), current.size());
            }
            int startingTruncation = first ? skip : 0;
            first = false;
            int truncate = maxItems == null ? 0 : total + current.size() - maxItems;
            if (truncate > 0) {
                int keep = current.size() - truncate;
                current.subList(0, keep).forEach(items::add);
                ObjectNode token = NODES.objectNode();
                token.set(config.inputToken(), nextToken);
                token.put("boto_truncate_amount", keep + startingTruncation);
                resume = encode(token);
                break;
            }
            current.forEach(items::add);
            total += current.size();
            JsonNode out = page.get(config.outputToken());
            nextToken = out == null ? NODES.nullNode() : out;
            if (nextToken.isNull()) {
                break;
            }
            if (maxItems != null && total == maxItems) {
                ObjectNode token = NODES.objectNode();
                token.set(config.inputToken(), nextToken);
                resume = encode(token);
                break;
            }
            if (nextToken.equals(previous)) {
                ObjectNode repeated = NODES.objectNode();
                repeated.set(config.inputToken(), nextToken);
                throw new CliError(255, "The same next token was received twice: " + Py.repr(repeated));
            }
            previous = nextToken;
        }
        ObjectNode result = NODES.objectNode();
        if (anyItems) {
            result.set(config.resultKey(), items);
        }
        if (resume != null) {
            result.put("NextToken", resume);
        }
        return result;
    }

    static String encode(ObjectNode token) {
        return Base64.getEncoder().encodeToString(Py.dumps(token).getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode decode(String token) {
        try {
            JsonNode n = Py.loads(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
            if (n.isObject()) {
                return (ObjectNode) n;
            }
        } catch (IllegalArgumentException | JsonDecodeError e) {
            // an older token: the service's own, as is
        }
        ObjectNode raw = NODES.objectNode();
        raw.put(config.inputToken(), token);
        return raw;
    }
}
