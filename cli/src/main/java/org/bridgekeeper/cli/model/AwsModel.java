package org.bridgekeeper.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.bridgekeeper.cli.py.Py;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The CLI's two model trees made from an AWS-format (botocore JSON) model: {@link #compact} what
 * every command needs (operations in model order with their CLI names and paginators, shapes
 * with the constraints botocore checks client-side), {@link #docs} the documentation.
 * Bridgekeeper's extensions are read this way from their one source,
 * {@code model/bridgekeeper-extensions.json}, which the server reads too. AWS's EventBridge
 * model is large, so {@link #main} compacts it ahead of time, into the resources
 * {@code events.json} (read at every start) and {@code events-docs.json}; from the repository's
 * root, after a build:
 *
 * <pre>
 * java -cp cli/target/bridgekeeper-cli.jar org.bridgekeeper.cli.model.AwsModel \
 *     ../shared/aws-models/events-service-2.json ../shared/aws-models/events-paginators-1.json \
 *     cli/src/main/resources/org/bridgekeeper/cli/model events
 * python3 tools/model-text.py
 * </pre>
 *
 * (the second compiles events.json into the CLI: {@code EventsModelText}, read at start-up).
 */
final class AwsModel {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> SHAPE_KEYS = List.of("type", "min", "enum", "sensitive", "required", "exception",
            "fault", "retryable");
    private static final Pattern FIRST_CAP = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern END_CAP = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern SPECIAL_CASE = Pattern.compile("[A-Z]{2,}s$");
    private static final Pattern SENTENCE_DELIMITERS = Pattern.compile("[.:]+");

    private AwsModel() {}

    /** MODEL.json PAGINATORS.json TARGET_DIR SERVICE: writes SERVICE.json and SERVICE-docs.json. */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: AwsModel MODEL.json PAGINATORS.json TARGET_DIR SERVICE");
            System.exit(2);
        }
        ObjectNode model = (ObjectNode) Py.loads(Files.readString(Path.of(args[0])));
        model.set("pagination", Py.loads(Files.readString(Path.of(args[1]))).get("pagination"));
        Path dir = Files.createDirectories(Path.of(args[2]));
        // Python's json.dump(tree, f, separators=(",", ":")) and a newline: the resources were first
        // written by a Python script (tools/compact-cli-model.py), and are still byte for byte.
        Files.writeString(dir.resolve(args[3] + ".json"), Py.dumps(compact(model), ",", ":", true) + "\n");
        Files.writeString(dir.resolve(args[3] + "-docs.json"), Py.dumps(docs(model), ",", ":", true) + "\n");
    }

    /**
     * The compact model: {@code pagination} (botocore's paginators-1 content) is read from the
     * model itself, where Bridgekeeper's one file keeps it.
     */
    static ObjectNode compact(JsonNode model) {
        JsonNode meta = model.get("metadata");
        ObjectNode metadata = NODES.objectNode();
        for (String key : List.of("apiVersion", "endpointPrefix", "serviceId")) {
            metadata.set(key, meta.get(key));
        }
        metadata.set("signingName", meta.has("signingName") ? meta.get("signingName") : meta.get("endpointPrefix"));
        metadata.set("targetPrefix", meta.get("targetPrefix"));
        ObjectNode out = NODES.objectNode();
        out.set("metadata", metadata);
        // Model order, as botocore lists them (the "Invalid choice" table relies on it).
        ArrayNode operations = out.putArray("operations");
        JsonNode paginators = model.path("pagination");
        for (Map.Entry<String, JsonNode> e : model.get("operations").properties()) {
            ObjectNode op = operations.addObject();
            op.put("name", e.getKey());
            op.put("cli", xformName(e.getKey()));
            putIfPresent(op, "input", e.getValue().path("input").get("shape"));
            putIfPresent(op, "output", e.getValue().path("output").get("shape"));
            putIfPresent(op, "paginator", paginators.get(e.getKey()));
        }
        ObjectNode shapes = out.putObject("shapes");
        for (Map.Entry<String, JsonNode> e : model.get("shapes").properties()) {
            shapes.set(e.getKey(), compactShape(e.getValue()));
        }
        return out;
    }

    private static void putIfPresent(ObjectNode node, String key, JsonNode value) {
        if (value != null && !value.isNull()) {
            node.set(key, value);
        }
    }

    private static ObjectNode compactShape(JsonNode shape) {
        ObjectNode out = NODES.objectNode();
        for (String key : SHAPE_KEYS) {
            putIfPresent(out, key, shape.get(key));
        }
        switch (shape.get("type").textValue()) {
            case "structure" -> {
                ArrayNode members = out.putArray("members");
                for (Map.Entry<String, JsonNode> m : shape.path("members").properties()) {
                    members.addArray().add(m.getKey()).add(m.getValue().get("shape"));
                }
            }
            case "list" -> out.set("member", shape.get("member").get("shape"));
            case "map" -> {
                out.set("key", shape.get("key").get("shape"));
                out.set("value", shape.get("value").get("shape"));
            }
            default -> {
            }
        }
        return out;
    }

    /**
     * The documentation: each operation's, each structure member's (the member reference's
     * own, else its target shape's, as botocore resolves it) and the member's overview.
     */
    static ObjectNode docs(JsonNode model) {
        ObjectNode out = NODES.objectNode();
        ObjectNode operations = out.putObject("operations");
        for (Map.Entry<String, JsonNode> e : model.get("operations").properties()) {
            operations.put(e.getKey(), e.getValue().path("documentation").asText(""));
        }
        ObjectNode members = out.putObject("members");
        ObjectNode overviews = out.putObject("overviews");
        JsonNode shapes = model.get("shapes");
        DocumentBuilder xml = xmlParser();
        for (Map.Entry<String, JsonNode> s : shapes.properties()) {
            for (Map.Entry<String, JsonNode> m : s.getValue().path("members").properties()) {
                JsonNode own = m.getValue().get("documentation");
                String doc = own != null ? own.textValue()
                        : shapes.get(m.getValue().get("shape").textValue()).path("documentation").asText("");
                members.put(s.getKey() + "." + m.getKey(), doc);
                overviews.put(s.getKey() + "." + m.getKey(), overview(doc, xml));
            }
        }
        return out;
    }

    /** botocore's {@code xform_name(name, '-')}: {@code ListDeadLetters} is {@code list-dead-letters}. */
    static String xformName(String name) {
        if (name.contains("-")) {
            return name;
        }
        Matcher special = SPECIAL_CASE.matcher(name);
        if (special.find()) {
            String matched = special.group();
            name = name.substring(0, name.length() - matched.length()) + "-"
                    + matched.toLowerCase(java.util.Locale.ROOT);
        }
        String s1 = FIRST_CAP.matcher(name).replaceAll("$1-$2");
        return END_CAP.matcher(s1).replaceAll("$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * aws-cli 2.9.19's {@code get_shape_doc_overview} (customizations/utils.py): the text of
     * the XML, up to the first {@code .} or {@code :} (then with a {@code .}), on one line.
     */
    static String overview(String documentation) {
        return overview(documentation, xmlParser());
    }

    private static String overview(String documentation, DocumentBuilder xml) {
        String content = stripXml(documentation, xml);
        content = SENTENCE_DELIMITERS.split(content, 2)[0];
        if (!content.isEmpty()) {
            content += ".";
        }
        return content.replace('\n', ' ').replace('\u2028', ' ');
    }

    /** The text nodes of {@code <doc>documentation</doc>}, or the documentation as it is if that is not XML. */
    private static String stripXml(String documentation, DocumentBuilder xml) {
        Node doc;
        try {
            doc = xml.parse(new InputSource(new StringReader("<doc>" + documentation + "</doc>")));
        } catch (SAXException e) {
            return documentation;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder content = new StringBuilder();
        appendText(doc, content);
        return content.toString();
    }

    private static DocumentBuilder xmlParser() {
        try {
            DocumentBuilder builder = DocumentBuilderFactory.newInstance().newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As minidom's walk: text nodes only; CDATA sections and comments add nothing. */
    private static void appendText(Node node, StringBuilder content) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.TEXT_NODE) {
                content.append(child.getNodeValue());
            } else {
                appendText(child, content);
            }
        }
    }

    /** The JDK parser prints "[Fatal Error]" to stderr unless told otherwise. */
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) {
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
