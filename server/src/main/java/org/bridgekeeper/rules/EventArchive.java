package org.bridgekeeper.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where the events that arrive on a bus are archived (the archives' port): told, after their
 * deliveries are stored and before PutEvents answers, of every event a bus received (put, sent by
 * another bus's rule, or emitted by Bridgekeeper), never of a replayed one.
 */
@FunctionalInterface
public interface EventArchive {

    EventArchive NONE = (bus, events) -> {};

    void archive(EventBus bus, List<ObjectNode> events);
}
