package org.bridgekeeper.cli.model;

import java.util.List;
import java.util.Map;

/**
 * One shape of the service model, with only what the CLI uses: the members in model order, the
 * required members, {@code min} (the one constraint botocore checks client-side), the enum (for
 * skeletons and help) and {@code sensitive} (masked in {@code --debug}).
 *
 * @param members member name to target shape name, in model order (structures)
 * @param member  the element shape (lists)
 */
public record Shape(String name, String type, Map<String, String> members, List<String> required, Long min,
                    List<String> enumValues, boolean sensitive, String member, String key, String value) {

    public boolean isStructure() {
        return type.equals("structure");
    }

    public boolean isList() {
        return type.equals("list");
    }

    public boolean isMap() {
        return type.equals("map");
    }

    /** Scalars in botocore's sense: everything that is not a structure, list or map. */
    public boolean isScalar() {
        return !isStructure() && !isList() && !isMap();
    }
}
