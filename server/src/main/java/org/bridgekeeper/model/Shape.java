package org.bridgekeeper.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One shape of the compact service model: a type and the constraints AWS enforces on it. */
public sealed interface Shape {

    String name();

    /** Whether the model marks values of this shape sensitive: they are never echoed in messages. */
    boolean sensitive();

    /**
     * A string. {@code pattern} is matched against the whole value, as AWS does; {@code source}
     * keeps the model's text of it for the error message. {@code enumIgnoreCase}: AWS takes the
     * enum's values in any case.
     */
    record StringShape(String name, boolean sensitive, Long min, Long max, Pattern pattern, String patternSource,
                       List<String> enumValues, List<String> enumMessageOrder, boolean enumIgnoreCase) implements Shape {}

    /** integer and long. */
    record NumberShape(String name, boolean sensitive, boolean isLong, Long min, Long max) implements Shape {}

    record BooleanShape(String name, boolean sensitive) implements Shape {}

    /** Bytes, base64 on the wire; min and max count bytes. */
    record BlobShape(String name, boolean sensitive, Long min, Long max) implements Shape {}

    /** Epoch seconds on the wire. */
    record TimestampShape(String name, boolean sensitive) implements Shape {}

    /** Members in model order, which is also the order AWS reports violations in. */
    record StructureShape(String name, boolean sensitive, Map<String, String> members, List<String> required,
                          boolean exception) implements Shape {}

    record ListShape(String name, boolean sensitive, String member, Long min, Long max) implements Shape {}

    record MapShape(String name, boolean sensitive, String key, String value, Long min, Long max) implements Shape {}
}
