package org.bridgekeeper.cli.args;

import java.util.regex.Pattern;

/** botocore's {@code xform_name(name, '-')}: {@code ResourceARN} to {@code resource-arn}. */
public final class CliNames {

    private static final Pattern FIRST_CAP = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern END_CAP = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern SPECIAL = Pattern.compile("[A-Z]{2,}s$");

    private CliNames() {
    }

    public static String option(String memberName) {
        if (memberName.contains("-")) {
            return memberName;
        }
        String name = memberName;
        var special = SPECIAL.matcher(name);
        if (special.find()) {
            String matched = special.group();
            name = name.substring(0, name.length() - matched.length()) + "-" + matched.toLowerCase();
        }
        String s1 = FIRST_CAP.matcher(name).replaceAll("$1-$2");
        return END_CAP.matcher(s1).replaceAll("$1-$2").toLowerCase();
    }
}
