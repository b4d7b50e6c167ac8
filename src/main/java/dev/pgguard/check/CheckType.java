package dev.pgguard.check;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A key of the vocabulary: its attributes and how to build its check. {@link Vocabulary} holds
 * them all; Liquibase preconditions, the expected-schema verifier and the linter use the same.
 */
public final class CheckType {

    private final String key;
    private final String summary;
    private final List<AttributeSpec> attributes;
    private final Function<Attributes, Check> factory;
    private final Function<Map<String, ?>, List<String>> rules;

    CheckType(String key, String summary, List<AttributeSpec> attributes, Function<Attributes, Check> factory) {
        this(key, summary, attributes, raw -> List.of(), factory);
    }

    /**
     * @param rules problems between attributes (e.g. two lists that must be as long as each
     *              other), asked only once every attribute is valid on its own
     */
    CheckType(String key, String summary, List<AttributeSpec> attributes,
            Function<Map<String, ?>, List<String>> rules, Function<Attributes, Check> factory) {
        this.key = Objects.requireNonNull(key);
        this.summary = Objects.requireNonNull(summary);
        this.attributes = List.copyOf(attributes);
        this.rules = Objects.requireNonNull(rules);
        this.factory = Objects.requireNonNull(factory);
    }

    public String key() {
        return key;
    }

    public String summary() {
        return summary;
    }

    public List<AttributeSpec> attributes() {
        return attributes;
    }

    /** Problems with the given raw attribute values (empty when valid). No SQL is run. */
    public List<String> validate(Map<String, ?> raw) {
        List<String> problems = Attributes.problems(key, attributes, raw);
        return problems.isEmpty() ? rules.apply(raw) : problems;
    }

    /**
     * Builds the check.
     *
     * @throws IllegalArgumentException naming every invalid attribute
     */
    public Check create(Map<String, ?> raw) {
        List<String> problems = validate(raw);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return factory.apply(Attributes.of(raw));
    }

    @Override
    public String toString() {
        return key;
    }
}
