package org.bridgekeeper.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.PrivateNetwork;

/**
 * The operator's map from VPC Lattice resource configuration ARN to {@code host:port}
 * ({@code --resource-configurations FILE}, a JSON object). An entry is either the address
 * ({@code "arn": "host:port"}), which serves every account, or an object that binds it to
 * accounts, as a resource share does in AWS
 * ({@code "arn": {"address": "host:port", "accounts": ["123456789012"]}}): a connection of
 * another account cannot use it. A connection's private endpoint is reachable when its ARN is
 * mapped for its account and the address accepts a TCP connection within the timeout.
 *
 * <p>The map is the operator's and trusted: its addresses are not subject to the egress policy.
 */
public final class ResourceConfigurations implements PrivateNetwork {

    /** An address, and the accounts it serves (empty: every account). */
    record Entry(InetSocketAddress address, Set<String> accounts) {
        boolean serves(String account) {
            return accounts.isEmpty() || accounts.contains(account);
        }
    }

    private final Map<String, Entry> entries;
    private final Duration timeout;

    ResourceConfigurations(Map<String, Entry> entries, Duration timeout) {
        this.entries = Map.copyOf(entries);
        this.timeout = timeout;
    }

    public static ResourceConfigurations none(Duration timeout) {
        return new ResourceConfigurations(Map.of(), timeout);
    }

    /** Reads the map; a bad file fails the start with a message that names the file and the entry. */
    public static ResourceConfigurations load(Path file, Duration timeout) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("--resource-configurations: cannot read " + file + " as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("--resource-configurations: " + file
                    + " must hold a JSON object from resource configuration ARN to \"host:port\"");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            entries.put(e.getKey(), entry(file, e.getKey(), e.getValue()));
        }
        return new ResourceConfigurations(entries, timeout);
    }

    private static Entry entry(Path file, String arn, JsonNode value) {
        JsonNode address = value;
        Set<String> accounts = new LinkedHashSet<>();
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                if (!member.getKey().equals("address") && !member.getKey().equals("accounts")) {
                    throw new IllegalArgumentException("--resource-configurations: the entry of " + arn + " in " + file
                            + " has an unknown member \"" + member.getKey() + "\" (it may have \"address\" and \"accounts\")");
                }
            }
            address = value.path("address");
            JsonNode list = value.get("accounts");
            if (list != null) {
                if (!list.isArray() || list.isEmpty()) {
                    throw new IllegalArgumentException("--resource-configurations: \"accounts\" of " + arn + " in " + file
                            + " must be a non-empty list of 12-digit account ids (leave it out to serve every account)");
                }
                for (JsonNode account : list) {
                    if (!account.isTextual() || !account.textValue().matches("\\d{12}")) {
                        throw new IllegalArgumentException("--resource-configurations: \"accounts\" of " + arn + " in "
                                + file + " must hold 12-digit account ids as strings, not " + account);
                    }
                    accounts.add(account.textValue());
                }
            }
        }
        String text = address.asText("");
        int colon = text.lastIndexOf(':');
        int port = -1;
        try {
            port = colon > 0 ? Integer.parseInt(text.substring(colon + 1)) : -1;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        if (!address.isTextual() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("--resource-configurations: the address of " + arn
                    + " in " + file + " must be \"host:port\", not " + value);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Entry(InetSocketAddress.createUnresolved(host, port), Set.copyOf(accounts));
    }

    /** The mapped address of a resource configuration for {@code account}: empty when unmapped or bound to other accounts. */
    public Optional<InetSocketAddress> address(String resourceConfigurationArn, String account) {
        return Optional.ofNullable(entries.get(resourceConfigurationArn)).filter(e -> e.serves(account))
                .map(Entry::address);
    }

    /** Why {@link #address} is empty: a StateReason or failure reason. */
    public String unavailable(String resourceConfigurationArn, String account) {
        Entry entry = entries.get(resourceConfigurationArn);
        if (entry == null) {
            return "The resource configuration " + resourceConfigurationArn
                    + " is not mapped to an address (see --resource-configurations).";
        }
        return "The resource configuration " + resourceConfigurationArn + " is not available to account " + account
                + " (its entry in --resource-configurations names other accounts).";
    }

    @Override
    public Optional<String> probe(Scope scope, String resourceConfigurationArn) {
        InetSocketAddress address = address(resourceConfigurationArn, scope.account()).orElse(null);
        if (address == null) {
            return Optional.of(unavailable(resourceConfigurationArn, scope.account()));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), (int) timeout.toMillis());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Could not connect to the resource configuration " + resourceConfigurationArn + " at "
                    + address.getHostString() + ":" + address.getPort() + ".");
        }
    }
}
