package org.bridgekeeper.cli.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --generate-cli-skeleton yaml-input}: the input skeleton as aws-cli's ruamel round-trip
 * dumper prints it, each member followed by its comment ({@code [REQUIRED]}, the first sentence
 * of its documentation, the valid enum values). ruamel puts two spaces before the comment of
 * the first key of every mapping and one before the others; that quirk is kept.
 */
public final class YamlSkeleton {

    private final ServiceModel model;
    private final Docs docs;
    private final List<String> stack = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    private YamlSkeleton(ServiceModel model, Docs docs) {
        this.model = model;
        this.docs = docs;
    }

    public static String render(ServiceModel model, Docs docs, Shape input) {
        if (input == null || input.members().isEmpty()) {
            return "{}\n";
        }
        YamlSkeleton y = new YamlSkeleton(model, docs);
        y.stack.add(input.name());
        y.mapping(input, 0, "");
        return y.out.toString();
    }

    /** Writes the members of a structure; {@code firstPrefix} replaces the indent of the first line. */
    private void mapping(Shape shape, int indent, String firstPrefix) {
        boolean first = true;
        for (Map.Entry<String, String> m : shape.members().entrySet()) {
            Shape member = model.shape(m.getValue());
            String comment = comment(shape, m.getKey(), member);
            String gap = first ? "  " : " ";
            out.append(first && firstPrefix != null ? firstPrefix : " ".repeat(indent)).append(m.getKey()).append(':');
            first = false;
            stack.add(member.name());
            try {
                value(member, indent, comment, gap);
            } finally {
                stack.remove(stack.size() - 1);
            }
        }
    }

    private void value(Shape member, int indent, String comment, String gap) {
        String eol = comment.isEmpty() ? "\n" : gap + "# " + comment + "\n";
        switch (member.type()) {
            case "structure" -> {
                if (member.members().isEmpty() || stack.stream().filter(member.name()::equals).count() > 1) {
                    out.append(" {}").append(eol);
                    return;
                }
                out.append(comment.isEmpty() ? "\n" : gap + "# " + comment + "\n");
                mapping(member, indent + 2, null);
            }
            case "list" -> {
                out.append(comment.isEmpty() ? "\n" : gap + "# " + comment + "\n");
                Shape element = model.shape(member.member());
                stack.add(element.name());
                try {
                    if (element.isStructure() && !element.members().isEmpty()) {
                        mapping(element, indent + 2, " ".repeat(indent) + "- ");
                    } else {
                        out.append(" ".repeat(indent)).append("- ").append(scalar(element)).append('\n');
                    }
                } finally {
                    stack.remove(stack.size() - 1);
                }
            }
            case "map" -> {
                out.append(comment.isEmpty() ? "\n" : gap + "# " + comment + "\n");
                out.append(" ".repeat(indent + 2)).append("KeyName: ").append(scalar(model.shape(member.value())))
                        .append('\n');
            }
            default -> out.append(' ').append(scalar(member)).append(eol);
        }
    }

    private static String scalar(Shape shape) {
        return switch (shape.type()) {
            case "string" -> shape.enumValues().isEmpty() ? "''" : shape.enumValues().get(0);
            case "integer", "long" -> "0";
            case "float", "double" -> "0.0";
            case "boolean" -> "true";
            case "timestamp" -> "1970-01-01 00:00:00";
            case "blob" -> "!!binary ''";
            default -> "{}";
        };
    }

    private String comment(Shape parent, String memberName, Shape member) {
        List<String> parts = new ArrayList<>();
        if (parent.required().contains(memberName)) {
            parts.add("[REQUIRED]");
        }
        parts.add(docs.overview(parent.name(), memberName));
        if (!member.enumValues().isEmpty()) {
            parts.add("Valid values are: " + String.join(", ", member.enumValues()) + ".");
        }
        String comment = String.join(" ", parts);
        return comment.isBlank() ? "" : comment;
    }
}
