package org.bridgekeeper.common;

/**
 * The account and region a request acts in. Every resource belongs to exactly one scope, and names
 * are unique within it.
 */
public record Scope(String account, String region) {

    /** The ARN partition of the region, as AWS assigns it. */
    public String partition() {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}. */
    public String arn(String service, String resource) {
        return "arn:" + partition() + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
