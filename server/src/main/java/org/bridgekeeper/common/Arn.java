package org.bridgekeeper.common;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ARN taken apart: {@code arn:<partition>:<service>:<region>:<account>:<resource>}. Region and
 * account may be empty (global resources); the resource is everything after the fifth colon.
 */
public record Arn(String partition, String service, String region, String account, String resource) {

    private static final Pattern FORM = Pattern.compile(
            "arn:(aws[a-z-]*):([a-z0-9][a-z0-9.-]*):([a-z0-9-]*):(\\d{12})?:(.+)");

    /** The parts of {@code text}, or empty when it is not an ARN. */
    public static Optional<Arn> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Arn(m.group(1), m.group(2), m.group(3), m.group(4) == null ? "" : m.group(4), m.group(5)));
    }

    /** The resource after {@code type} and its separator ({@code /} or {@code :}), or null when it is of another type. */
    public String resourceAfter(String type) {
        if (resource.length() > type.length() + 1 && resource.startsWith(type)) {
            char separator = resource.charAt(type.length());
            if (separator == '/' || separator == ':') {
                return resource.substring(type.length() + 1);
            }
        }
        return null;
    }

    /** The scope (account and region) the resource lives in. */
    public Scope scope() {
        return new Scope(account, region);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
