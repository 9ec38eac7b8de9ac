package org.bridgekeeper.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.cli.py.JsonDecodeError;
import org.bridgekeeper.cli.py.Py;
import org.bridgekeeper.sigv4.Credentials;

/**
 * The profile's {@code credential_process}: runs the command (split as a shell would, without a
 * shell) and reads {@code AccessKeyId}, {@code SecretAccessKey}, {@code SessionToken} from its
 * JSON output. Its stderr passes through; its output is never logged.
 */
final class CredentialProcess {

    private CredentialProcess() {
    }

    static Credentials run(String command) {
        List<String> argv = Py.shlexSplit(command);
        try {
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = p.getInputStream().readAllBytes();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new ConfigException(255, "Error when retrieving credentials from custom-process: ");
            }
            JsonNode json = Py.loads(new String(out, StandardCharsets.UTF_8));
            JsonNode id = json.get("AccessKeyId");
            JsonNode secret = json.get("SecretAccessKey");
            if (id == null || secret == null) {
                throw new ConfigException(255, "Error when retrieving credentials from custom-process: "
                        + "missing AccessKeyId or SecretAccessKey");
            }
            JsonNode token = json.get("SessionToken");
            return new Credentials(id.asText(), secret.asText(), token == null ? null : token.asText());
        } catch (IOException | JsonDecodeError e) {
            throw new ConfigException(255, "Error when retrieving credentials from custom-process: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException(255, "Error when retrieving credentials from custom-process: interrupted");
        }
    }
}
