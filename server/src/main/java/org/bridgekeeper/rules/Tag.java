package org.bridgekeeper.rules;

/** A tag of an event bus or a rule (the only taggable EventBridge resources). */
public record Tag(String key, String value) {}
