package org.bridgekeeper.api;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bridgekeeper.sigv4.Credentials;

/**
 * The keys that may call under {@code --auth verify}: an AWS shared credentials file (INI), one
 * section per key, each with {@code aws_access_key_id}, {@code aws_secret_access_key} and
 * {@code aws_account_id} (12 digits, the account of the key's callers). Other keys in a section
 * ({@code region}, {@code aws_session_token}, ...) are ignored, so a file the AWS CLI also reads
 * works once each section names its account.
 *
 * <p>A malformed file refuses the start, with a message that names the file, the line or the
 * section and the problem, never a value: a line that cannot be read may hold a secret. The
 * secrets live only in {@link Credentials}, whose {@code toString} hides them.
 */
final class CredentialsFile {

    /** One key of the file. Its {@code toString} shows the section, the key id and the account only. */
    record Key(String section, Credentials credentials, String account) {
        String accessKeyId() {
            return credentials.accessKeyId();
        }
    }

    private static final System.Logger LOG = System.getLogger("bridgekeeper.auth");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /** What can stand in {@code Credential=<id>/...}: no slash, comma, '=' or space. */
    private static final Pattern KEY_ID = Pattern.compile("[^/,=\\s]{1,128}");
    private static final Pattern SECTION = Pattern.compile("\\[([^\\[\\]]+)]");

    private final Path file;
    private final Map<String, Key> byAccessKeyId;

    private CredentialsFile(Path file, Map<String, Key> byAccessKeyId) {
        this.file = file;
        this.byAccessKeyId = Map.copyOf(byAccessKeyId);
    }

    /** Reads and checks {@code file}; throws {@link IllegalArgumentException} saying what is wrong and where. */
    static CredentialsFile load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("credentials file " + file + " cannot be read: " + e.getMessage());
        }
        warnIfOthersCanRead(file);
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String currentName = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
                continue;
            }
            String where = "credentials file " + file + ", line " + (i + 1);
            var section = SECTION.matcher(text);
            if (section.matches()) {
                currentName = section.group(1).strip();
                if (sections.containsKey(currentName)) {
                    throw new IllegalArgumentException(where + ": section [" + currentName + "] appears twice");
                }
                current = new HashMap<>();
                sections.put(currentName, current);
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                throw new IllegalArgumentException(where + ": an indented line (a continued value) is not supported;"
                        + " write each setting as 'name = value' on one line");
            }
            int eq = indexOfSeparator(text);
            if (eq <= 0) {
                throw new IllegalArgumentException(where + (current == null ? "" : " (section [" + currentName + "])")
                        + ": not a section header '[name]' nor 'name = value'");
            }
            if (current == null) {
                throw new IllegalArgumentException(where + ": a setting before the first section header '[name]'");
            }
            String name = text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (current.put(name, text.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(where + ": " + name + " appears twice in section [" + currentName + "]");
            }
        }
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("credentials file " + file + " holds no key: add a section such as\n"
                    + "[team-a]\naws_access_key_id = ...\naws_secret_access_key = ...\naws_account_id = 111122223333");
        }
        Map<String, Key> keys = new HashMap<>();
        for (var entry : sections.entrySet()) {
            String where = "credentials file " + file + ", section [" + entry.getKey() + "]";
            Map<String, String> values = entry.getValue();
            String id = required(values, "aws_access_key_id", where);
            String secret = required(values, "aws_secret_access_key", where);
            String account = required(values, "aws_account_id", where);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + ": aws_access_key_id must be 1 to 128 characters without"
                        + " '/', ',', '=' or spaces");
            }
            if (!ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException(where + ": aws_account_id must be 12 digits (the value is not shown:"
                        + " a misplaced secret could be in it)");
            }
            Key key = new Key(entry.getKey(), Credentials.of(id, secret), account);
            Key before = keys.putIfAbsent(id, key);
            if (before != null) {
                throw new IllegalArgumentException(where + ": aws_access_key_id " + id + " is also the key of section ["
                        + before.section() + "]");
            }
        }
        return new CredentialsFile(file, keys);
    }

    /** configparser's rule: the first '=' or ':' separates the name from the value. */
    private static int indexOfSeparator(String text) {
        int eq = text.indexOf('=');
        int colon = text.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static String required(Map<String, String> values, String name, String where) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(where + ": " + name + " is missing (each section needs"
                    + " aws_access_key_id, aws_secret_access_key and aws_account_id)");
        }
        return value;
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.GROUP_READ)) {
                LOG.log(Level.WARNING, "credentials file " + file + " is readable by other users; it holds secret"
                        + " access keys (chmod 600 " + file + ")");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to say
        }
    }

    Optional<Key> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }

    int size() {
        return byAccessKeyId.size();
    }

    Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "CredentialsFile[" + file + ", " + byAccessKeyId.size() + " keys]";
    }
}
