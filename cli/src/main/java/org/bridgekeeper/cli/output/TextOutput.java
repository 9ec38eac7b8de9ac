package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bridgekeeper.cli.py.Py;

/**
 * {@code --output text}: awscli's {@code text.format_text}. Scalars of a dict go on one
 * tab-separated line in key order, prefixed by the parent key upper-cased; nested values follow,
 * each under its own key. A list of dicts shares one column set (the union of scalar keys), so a
 * dict that lacks a key prints an empty field.
 */
final class TextOutput {
    private final StringBuilder out = new StringBuilder();

    private TextOutput() {}

    static String format(JsonNode value) {
        TextOutput text = new TextOutput();
        text.item(value, null, null);
        return text.out.toString();
    }

    private void item(JsonNode value, String identifier, List<String> scalarKeys) {
        if (value != null && value.isObject()) {
            dict(value, identifier, scalarKeys);
        } else if (value != null && value.isArray()) {
            list(value, identifier);
        } else {
            out.append(Py.str(value)).append('\n');
        }
    }

    private void list(JsonNode list, String identifier) {
        if (list.isEmpty()) {
            return;
        }
        boolean anyDict = false;
        boolean anyList = false;
        for (JsonNode element : list) {
            anyDict |= element.isObject();
            anyList |= element.isArray();
        }
        if (anyDict) {
            List<String> keys = allScalarKeys(list);
            for (JsonNode element : list) {
                item(element, identifier, keys);
            }
        } else if (anyList) {
            List<JsonNode> scalars = new ArrayList<>();
            List<JsonNode> nonScalars = new ArrayList<>();
            for (JsonNode element : list) {
                (element.isArray() ? nonScalars : scalars).add(element);
            }
            if (!scalars.isEmpty()) {
                scalarList(scalars, identifier);
            }
            for (JsonNode nonScalar : nonScalars) {
                item(nonScalar, identifier, null);
            }
        } else {
            List<JsonNode> all = new ArrayList<>();
            for (JsonNode element : list) {
                all.add(element);
            }
            scalarList(all, identifier);
        }
    }

    private void scalarList(List<JsonNode> elements, String identifier) {
        if (identifier != null) {
            String upper = upper(identifier);
            for (JsonNode element : elements) {
                out.append(upper).append('\t').append(Py.str(element)).append('\n');
            }
        } else {
            for (int i = 0; i < elements.size(); i++) {
                out.append(i == 0 ? "" : "\t").append(Py.str(elements.get(i)));
            }
            out.append('\n');
        }
    }

    private void dict(JsonNode dict, String identifier, List<String> scalarKeys) {
        List<String> scalars = new ArrayList<>();
        Map<String, JsonNode> nonScalars = new TreeMap<>(Py.CODE_POINT_ORDER);
        if (scalarKeys == null) {
            Map<String, JsonNode> sorted = new TreeMap<>(Py.CODE_POINT_ORDER);
            for (Map.Entry<String, JsonNode> e : dict.properties()) {
                sorted.put(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (e.getValue().isContainerNode()) {
                    nonScalars.put(e.getKey(), e.getValue());
                } else {
                    scalars.add(Py.str(e.getValue()));
                }
            }
        } else {
            for (String key : scalarKeys) {
                JsonNode value = dict.get(key);
                scalars.add(value == null ? "" : Py.str(value));
            }
            for (Map.Entry<String, JsonNode> e : dict.properties()) {
                if (!scalarKeys.contains(e.getKey())) {
                    nonScalars.put(e.getKey(), e.getValue());
                }
            }
        }
        if (!scalars.isEmpty()) {
            if (identifier != null) {
                out.append(upper(identifier)).append('\t');
            }
            out.append(String.join("\t", scalars)).append('\n');
        }
        for (Map.Entry<String, JsonNode> e : nonScalars.entrySet()) {
            item(e.getValue(), e.getKey(), null);
        }
    }

    /** The sorted union of the keys that hold a scalar in any of the dicts. */
    private static List<String> allScalarKeys(JsonNode listOfDicts) {
        TreeSet<String> keys = new TreeSet<>(Py.CODE_POINT_ORDER);
        for (JsonNode element : listOfDicts) {
            if (!element.isObject()) {
                // Python calls .items() on every element.
                throw new OutputException("'" + Py.typeName(element) + "' object has no attribute 'items'");
            }
            for (Map.Entry<String, JsonNode> e : element.properties()) {
                if (!e.getValue().isContainerNode()) {
                    keys.add(e.getKey());
                }
            }
        }
        return new ArrayList<>(keys);
    }

    private static String upper(String identifier) {
        return identifier.toUpperCase(Locale.ROOT);
    }
}
