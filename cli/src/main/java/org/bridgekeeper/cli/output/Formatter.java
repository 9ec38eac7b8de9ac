package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.bridgekeeper.cli.py.Py;
import org.bridgekeeper.cli.py.PyValueError;

/**
 * Prints a response (or a {@code --query} result) as AWS CLI 2.9.19 does for each
 * {@code --output} format. Nothing is printed for an empty response ({@code {}}, or a null or
 * missing node), except that text prints nothing either way and a query result of null prints
 * {@code null}/{@code None}.
 */
public final class Formatter {
    private Formatter() {}

    /**
     * Writes {@code result} as the AWS CLI does for {@code --output format}.
     *
     * @param format json, text, table, yaml or yaml-stream
     * @param operationName the API operation, e.g. "DescribeConnection": the table's title
     * @param result the parsed response or the query result; null or missing = empty response
     * @param color ANSI colours for table ({@code --color on}); false for plain
     * @throws IllegalArgumentException for an unknown format
     * @throws OutputException where the AWS CLI's formatter itself fails (exit 255)
     */
    public static void write(String format, String operationName, JsonNode result, boolean color, PrintStream out) {
        int width = "table".equals(format) ? TerminalWidth.ofStdout() : TerminalWidth.DEFAULT;
        write(format, operationName, result, color, out, width);
    }

    /** As {@link #write(String, String, JsonNode, boolean, PrintStream)}, for a known terminal width. */
    public static void write(String format, String operationName, JsonNode result, boolean color, PrintStream out,
            int terminalWidth) {
        byte[] bytes = format(format, operationName, result, color, terminalWidth).getBytes(StandardCharsets.UTF_8);
        // Raw UTF-8 whatever the stream's charset, as Python writes it.
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    /** {@code json.dump(x, indent=4, ensure_ascii=False)}, as awscli's JSONFormatter calls it. */
    private static String json(JsonNode result) {
        try {
            return Py.dumps(result, 4, false) + "\n";
        } catch (PyValueError e) {
            throw new OutputException(e.getMessage());
        }
    }

    static String format(String format, String operationName, JsonNode result, boolean color, int terminalWidth) {
        boolean emptyResponse = result == null || result.isMissingNode() || (result.isObject() && result.isEmpty());
        return switch (format) {
            case "json" -> emptyResponse ? "" : json(result);
            case "text" -> emptyResponse ? "" : TextOutput.format(result);
            case "table" -> emptyResponse ? "" : TableOutput.format(operationName, result, color, terminalWidth);
            case "yaml" -> emptyResponse ? "" : YamlOutput.format(result);
            case "yaml-stream" -> emptyResponse ? "" : YamlOutput.formatStreamItem(result);
            default -> throw new IllegalArgumentException("Unknown output type: " + format);
        };
    }
}
