package org.bridgekeeper.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bridgekeeper.connections.PrivateNetwork;

/**
 * The operator's map from VPC Lattice resource configuration ARN to {@code host:port}
 * ({@code --resource-configurations FILE}, a JSON object). A connection's private endpoint is
 * reachable when its ARN is mapped and the address accepts a TCP connection within the timeout.
 */
public final class ResourceConfigurations implements PrivateNetwork {

    private final Map<String, InetSocketAddress> addresses;
    private final Duration timeout;

    ResourceConfigurations(Map<String, InetSocketAddress> addresses, Duration timeout) {
        this.addresses = Map.copyOf(addresses);
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
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String value = e.getValue().asText("");
            int colon = value.lastIndexOf(':');
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(value.substring(colon + 1)) : -1;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            if (!e.getValue().isTextual() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("--resource-configurations: the address of " + e.getKey()
                        + " in " + file + " must be \"host:port\", not " + e.getValue());
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            addresses.put(e.getKey(), InetSocketAddress.createUnresolved(host, port));
        }
        return new ResourceConfigurations(addresses, timeout);
    }

    /** The mapped address of a resource configuration. */
    public Optional<InetSocketAddress> address(String resourceConfigurationArn) {
        return Optional.ofNullable(addresses.get(resourceConfigurationArn));
    }

    @Override
    public Optional<String> probe(String resourceConfigurationArn) {
        InetSocketAddress address = addresses.get(resourceConfigurationArn);
        if (address == null) {
            return Optional.of("The resource configuration " + resourceConfigurationArn
                    + " is not mapped to an address (see --resource-configurations).");
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
