package dev.pgguard.liquibase;

import dev.pgguard.check.AttributeSpec;
import dev.pgguard.check.CatalogSession;
import dev.pgguard.check.Check;
import dev.pgguard.check.CheckException;
import dev.pgguard.check.CheckType;
import dev.pgguard.check.Outcome;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.database.DatabaseConnection;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.exception.ValidationErrors;
import liquibase.exception.Warnings;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.precondition.AbstractPrecondition;
import liquibase.resource.ResourceAccessor;

/**
 * The Liquibase edge of a pgguard check: attribute loading from the changelog, validation
 * before any SQL, and the translation of an {@link Outcome} into Liquibase's failed
 * ({@code onFail}) versus errored ({@code onError}) preconditions. The logic lives in
 * {@link Check}; nothing here reads the catalog.
 */
public abstract class PgguardPrecondition extends AbstractPrecondition {

    private final CheckType type;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    protected PgguardPrecondition(CheckType type) {
        this.type = type;
    }

    @Override
    public final String getName() {
        return type.key();
    }

    @Override
    public final String getSerializedObjectNamespace() {
        return STANDARD_CHANGELOG_NAMESPACE;
    }

    /** Sets an attribute, as a changelog would; for programmatic use. */
    public final PgguardPrecondition set(String attribute, Object value) {
        if (value == null) {
            attributes.remove(attribute);
        } else {
            attributes.put(attribute, value);
        }
        return this;
    }

    public final Map<String, Object> getAttributes() {
        return Map.copyOf(attributes);
    }

    @Override
    public final Set<String> getSerializableFields() {
        Set<String> names = new LinkedHashSet<>();
        for (AttributeSpec spec : type.attributes()) {
            names.add(spec.name());
        }
        return names;
    }

    @Override
    public final Object getSerializableFieldValue(String field) {
        return attributes.get(field);
    }

    @Override
    public final SerializationType getSerializableFieldType(String field) {
        return SerializationType.NAMED_FIELD;
    }

    /**
     * Reads the attributes and validates them at parse time: an unknown, missing or malformed
     * attribute stops the changelog from loading, before anything runs.
     */
    @Override
    public final void load(ParsedNode parsedNode, ResourceAccessor resourceAccessor) throws ParsedNodeException {
        for (ParsedNode child : parsedNode.getChildren()) {
            Object value = child.getValue();
            if (value == null && !child.getChildren().isEmpty()) {
                throw new ParsedNodeException(type.key() + ": attribute '" + child.getName()
                        + "' must be a value, not a nested block");
            }
            attributes.put(child.getName(), value);
        }
        List<String> problems = type.validate(withoutNulls());
        if (!problems.isEmpty()) {
            throw new ParsedNodeException("pgguard precondition " + String.join("; ", problems));
        }
    }

    @Override
    public final ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        for (String problem : type.validate(withoutNulls())) {
            errors.addError(problem);
        }
        return errors;
    }

    @Override
    public final Warnings warn(Database database) {
        return new Warnings();
    }

    @Override
    public final void check(Database database, DatabaseChangeLog changeLog, ChangeSet changeSet,
            ChangeExecListener changeExecListener) throws PreconditionFailedException, PreconditionErrorException {
        String where = changeSet == null ? String.valueOf(changeLog) : "changeset " + changeSet;
        List<String> problems = type.validate(withoutNulls());
        if (!problems.isEmpty()) {
            throw error(new IllegalArgumentException(where + ": " + String.join("; ", problems)), changeLog);
        }
        Check check = type.create(withoutNulls());
        Outcome outcome;
        try {
            CatalogSession session = CatalogSession.of(jdbc(database, where), database.getDefaultSchemaName());
            outcome = check.evaluate(session);
        } catch (CheckException e) {
            throw error(new IllegalStateException(type.key() + " in " + where + ": " + e.getMessage(), e), changeLog);
        }
        if (!outcome.holds()) {
            throw new PreconditionFailedException(type.key() + ": " + outcome.message(), changeLog, this);
        }
    }

    private PreconditionErrorException error(Exception cause, DatabaseChangeLog changeLog) {
        return new PreconditionErrorException(cause, changeLog, this);
    }

    private Map<String, Object> withoutNulls() {
        Map<String, Object> m = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            if (v != null) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static Connection jdbc(Database database, String where) throws CheckException {
        DatabaseConnection connection = database.getConnection();
        if (connection instanceof JdbcConnection jdbc) {
            return jdbc.getUnderlyingConnection();
        }
        throw new CheckException("pgguard preconditions read the PostgreSQL catalog and need a live JDBC connection; "
                + where + " runs on " + (connection == null ? "no connection" : connection.getClass().getSimpleName())
                + " (offline mode). Run update-sql against the database instead.");
    }

    @Override
    public String toString() {
        return type.key() + attributes;
    }
}
