package org.bridgekeeper.cli.args;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bridgekeeper.cli.py.Py;

/**
 * {@code file://} (text, UTF-8, newlines normalised as Python's text mode does, the trailing
 * newline kept) and {@code fileb://} (bytes) argument values, with aws-cli's error texts.
 */
public final class ParamFile {

    private ParamFile() {
    }

    /** The loaded value, or {@code null} when the value names no file. */
    public static JsonNode load(String cliName, String value, FileContext files) {
        if (value.startsWith("fileb://")) {
            return BinaryNode.valueOf(read(cliName, value, "fileb://", files));
        }
        if (!value.startsWith("file://")) {
            return null;
        }
        String path = files.expand(value.substring("file://".length()));
        byte[] bytes = read(cliName, value, "file://", files);
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return TextNode.valueOf(text.replace("\r\n", "\n").replace('\r', '\n'));
        } catch (CharacterCodingException e) {
            throw new ParamException(cliName, "Unable to load paramfile (" + path + "), text contents could not be"
                    + " decoded.  If this is a binary file, please use the fileb:// prefix instead of the file://"
                    + " prefix.");
        }
    }

    private static byte[] read(String cliName, String value, String prefix, FileContext files) {
        String path = files.expand(value.substring(prefix.length()));
        Path file = files.resolve(path);
        try {
            if (Files.isDirectory(file)) {
                throw new ParamException(cliName, "Unable to load paramfile " + value + ": [Errno 21] Is a directory: "
                        + Py.repr(path));
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ParamException(cliName, "Unable to load paramfile " + value
                    + ": [Errno 2] No such file or directory: " + Py.repr(path));
        } catch (AccessDeniedException e) {
            throw new ParamException(cliName, "Unable to load paramfile " + value + ": [Errno 13] Permission denied: "
                    + Py.repr(path));
        } catch (IOException e) {
            throw new ParamException(cliName, "Unable to load paramfile " + value + ": " + e.getMessage());
        }
    }
}
