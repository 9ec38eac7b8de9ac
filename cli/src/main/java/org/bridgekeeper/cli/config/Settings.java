package org.bridgekeeper.cli.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.bridgekeeper.sigv4.Credentials;

/**
 * The AWS CLI's configuration, resolved as aws-cli 2 resolves it: the profile ({@code --profile},
 * {@code AWS_PROFILE}, {@code AWS_DEFAULT_PROFILE}, {@code default}), the config and credentials
 * files ({@code AWS_CONFIG_FILE}, {@code AWS_SHARED_CREDENTIALS_FILE}), and per setting the
 * order documented in docs/cli.md. Read once per command.
 */
public final class Settings {

    /** Where Bridgekeeper listens by default: the endpoint when none is configured anywhere. */
    public static final String DEFAULT_ENDPOINT = "http://localhost:4750";
    /** The region assumed for that default local endpoint only (the server's own default). */
    public static final String DEFAULT_LOCAL_REGION = "us-east-1";

    private static final Pattern REGION = Pattern.compile("^[a-zA-Z0-9](?:[a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9])?$");

    private final Map<String, String> env;
    private final String profileName;
    private final boolean profileFromArg;
    private final Map<String, String> config;
    private final Map<String, String> credentials;
    private final IniFile configFile;

    private Settings(Map<String, String> env, String profileName, boolean profileFromArg, IniFile configFile,
                     IniFile credentialsFile) {
        this.env = env;
        this.profileName = profileName;
        this.profileFromArg = profileFromArg;
        this.configFile = configFile;
        Map<String, String> c = configFile.section(profileName.equals("default") ? "default" : "profile " + profileName);
        this.config = c != null ? c : Map.of();
        Map<String, String> k = credentialsFile.section(profileName);
        this.credentials = k != null ? k : Map.of();
    }

    /** Reads the files; an explicitly named profile that exists in neither is an error (255). */
    public static Settings load(Map<String, String> env, Path home, Path workingDir, String profileArg) {
        String name = profileArg;
        if (name == null) {
            name = nonEmpty(env.get("AWS_PROFILE"));
        }
        if (name == null) {
            name = nonEmpty(env.get("AWS_DEFAULT_PROFILE"));
        }
        boolean explicit = name != null;
        if (name == null) {
            name = "default";
        }
        IniFile config = IniFile.read(file(env, "AWS_CONFIG_FILE", home, workingDir, ".aws/config"));
        IniFile creds = IniFile.read(file(env, "AWS_SHARED_CREDENTIALS_FILE", home, workingDir, ".aws/credentials"));
        boolean exists = config.has(name.equals("default") ? "default" : "profile " + name) || creds.has(name);
        if (explicit && !exists && !name.equals("default")) {
            throw new ConfigException(255, "The config profile (" + name + ") could not be found");
        }
        return new Settings(env, name, profileArg != null, config, creds);
    }

    private static Path file(Map<String, String> env, String var, Path home, Path workingDir, String dflt) {
        String v = nonEmpty(env.get(var));
        if (v == null) {
            return home == null ? null : home.resolve(dflt);
        }
        if (v.startsWith("~/") && home != null) {
            return home.resolve(v.substring(2));
        }
        return workingDir.resolve(v);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public String profileName() {
        return profileName;
    }

    /** A key of the profile in the config file. */
    public String get(String key) {
        return nonEmpty(config.get(key));
    }

    public String env(String name) {
        return nonEmpty(env.get(name));
    }

    /** {@code --region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, profile {@code region}; or null. */
    public String region(String regionArg) {
        String r = regionArg != null ? regionArg : env("AWS_REGION");
        if (r == null) {
            r = env("AWS_DEFAULT_REGION");
        }
        if (r == null) {
            r = get("region");
        }
        if (r != null && !REGION.matcher(r).matches()) {
            throw new ConfigException(255, "Provided region_name '" + r + "' doesn't match a supported format.");
        }
        return r;
    }

    /** The endpoint and whether it was configured (false: the local Bridgekeeper default). */
    public record Endpoint(String url, boolean configured) {
    }

    /**
     * {@code --endpoint-url}, {@code AWS_ENDPOINT_URL_EVENTBRIDGE}, {@code AWS_ENDPOINT_URL}, the
     * profile's {@code services} section, the profile's {@code endpoint_url}; else Bridgekeeper
     * on localhost. {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} skips all but the first.
     */
    public Endpoint endpoint(String endpointArg, String serviceId) {
        if (endpointArg != null) {
            return new Endpoint(endpointArg, true);
        }
        boolean ignore = "true".equalsIgnoreCase(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
                || "true".equalsIgnoreCase(get("ignore_configured_endpoint_urls"));
        if (!ignore) {
            String specific = env("AWS_ENDPOINT_URL_" + serviceId.toUpperCase(Locale.ROOT).replace(' ', '_'));
            if (specific != null) {
                return new Endpoint(specific, true);
            }
            if (env("AWS_ENDPOINT_URL") != null) {
                return new Endpoint(env("AWS_ENDPOINT_URL"), true);
            }
            String services = get("services");
            if (services != null) {
                Map<String, String> section = configFile.section("services " + services);
                if (section == null) {
                    throw new ConfigException(255, "The profile is configured to use the services section but the \""
                            + services + "\" services configuration does not exist.");
                }
                String key = serviceId.toLowerCase(Locale.ROOT).replace(' ', '_') + ".endpoint_url";
                if (nonEmpty(section.get(key)) != null) {
                    return new Endpoint(section.get(key), true);
                }
            }
            if (get("endpoint_url") != null) {
                return new Endpoint(get("endpoint_url"), true);
            }
        }
        return new Endpoint(DEFAULT_ENDPOINT, false);
    }

    /**
     * The credential chain, as far as it applies off AWS: environment (not when {@code --profile}
     * names a profile), the shared credentials file, {@code credential_process}, the config
     * file. {@code null} when none is found.
     */
    public Credentials credentials() {
        if (!profileFromArg) {
            String id = env("AWS_ACCESS_KEY_ID");
            String secret = env("AWS_SECRET_ACCESS_KEY");
            if (id != null && secret != null) {
                String token = env("AWS_SESSION_TOKEN") != null ? env("AWS_SESSION_TOKEN") : env("AWS_SECURITY_TOKEN");
                return new Credentials(id, secret, token);
            }
            if (id != null || secret != null) {
                throw new ConfigException(255, "Partial credentials found in env, missing: "
                        + (id == null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"));
            }
        }
        Credentials fromFile = keys(credentials);
        if (fromFile != null) {
            return fromFile;
        }
        if (get("credential_process") != null) {
            return CredentialProcess.run(get("credential_process"));
        }
        return keys(config);
    }

    private static Credentials keys(Map<String, String> section) {
        String id = nonEmpty(section.get("aws_access_key_id"));
        String secret = nonEmpty(section.get("aws_secret_access_key"));
        if (id == null || secret == null) {
            return null;
        }
        String token = nonEmpty(section.get("aws_session_token"));
        if (token == null) {
            token = nonEmpty(section.get("aws_security_token"));
        }
        return new Credentials(id, secret, token);
    }

    /** {@code --output}, {@code AWS_DEFAULT_OUTPUT}, profile {@code output}, {@code json}. */
    public String output(String outputArg) {
        String o = outputArg != null ? outputArg : env("AWS_DEFAULT_OUTPUT");
        if (o == null) {
            o = get("output");
        }
        if (o == null) {
            return "json";
        }
        if (!List.of("json", "text", "table", "yaml", "yaml-stream").contains(o)) {
            throw new ConfigException(255, "Unknown output type: " + o);
        }
        return o;
    }

    /** Profile {@code cli_timestamp_format}: {@code iso8601} (default) or {@code wire}. */
    public boolean wireTimestamps() {
        String f = get("cli_timestamp_format");
        if (f == null || f.equals("iso8601")) {
            return false;
        }
        if (f.equals("wire")) {
            return true;
        }
        throw new ConfigException(253, "Unknown cli_timestamp_format value: " + f
                + ", valid values are \"wire\" or \"iso8601\"");
    }

    /** {@code AWS_MAX_ATTEMPTS} or profile {@code max_attempts}; 3 by default. */
    public int maxAttempts() {
        String mode = env("AWS_RETRY_MODE") != null ? env("AWS_RETRY_MODE") : get("retry_mode");
        if (mode != null && !mode.equals("standard") && !mode.equals("adaptive")) {
            throw new ConfigException(255, "Invalid value provided to \"mode\": \"" + mode
                    + "\" must be one of: \"standard\" or \"adaptive\"");
        }
        String v = env("AWS_MAX_ATTEMPTS") != null ? env("AWS_MAX_ATTEMPTS") : get("max_attempts");
        if (v == null) {
            return 3;
        }
        int n;
        try {
            n = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw new ConfigException(255, "Value provided to \"max_attempts\": " + v
                    + " must be an integer greater than or equal to one.");
        }
        return n;
    }

    /** {@code --ca-bundle}, {@code AWS_CA_BUNDLE}, profile {@code ca_bundle}; or null. */
    public String caBundle(String arg) {
        if (arg != null) {
            return arg;
        }
        return env("AWS_CA_BUNDLE") != null ? env("AWS_CA_BUNDLE") : get("ca_bundle");
    }

    /** {@code AWS_PAGER}, profile {@code cli_pager}, {@code PAGER}, {@code less}; empty disables it. */
    public String pager() {
        if (env.containsKey("AWS_PAGER")) {
            return env.get("AWS_PAGER");
        }
        if (config.containsKey("cli_pager")) {
            return config.get("cli_pager");
        }
        if (env.containsKey("PAGER")) {
            return env.get("PAGER");
        }
        return "less";
    }

    /** {@code AWS_CLI_AUTO_PROMPT} or profile {@code cli_auto_prompt}: {@code on}, {@code on-partial}, or null. */
    public String autoPrompt() {
        String v = env("AWS_CLI_AUTO_PROMPT") != null ? env("AWS_CLI_AUTO_PROMPT") : get("cli_auto_prompt");
        return v == null || v.equals("off") ? null : v;
    }
}
