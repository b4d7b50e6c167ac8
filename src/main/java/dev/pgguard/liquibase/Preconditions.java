package dev.pgguard.liquibase;

import dev.pgguard.check.Vocabulary;

/**
 * One Liquibase precondition class per vocabulary key. Liquibase instantiates preconditions by
 * class (META-INF/services/liquibase.precondition.Precondition) and keys them by name, so each key
 * needs its own class with a no-argument constructor; they hold nothing but their key.
 */
public final class Preconditions {

    private Preconditions() {
    }

    public static final class SchemaPresent extends PgguardPrecondition {
        public SchemaPresent() {
            super(Vocabulary.SCHEMA_PRESENT);
        }
    }

    public static final class SchemaMissing extends PgguardPrecondition {
        public SchemaMissing() {
            super(Vocabulary.SCHEMA_MISSING);
        }
    }

    public static final class TablePresent extends PgguardPrecondition {
        public TablePresent() {
            super(Vocabulary.TABLE_PRESENT);
        }
    }

    public static final class TableMissing extends PgguardPrecondition {
        public TableMissing() {
            super(Vocabulary.TABLE_MISSING);
        }
    }

    public static final class ColumnPresent extends PgguardPrecondition {
        public ColumnPresent() {
            super(Vocabulary.COLUMN_PRESENT);
        }
    }

    public static final class ColumnMissing extends PgguardPrecondition {
        public ColumnMissing() {
            super(Vocabulary.COLUMN_MISSING);
        }
    }

    public static final class ColumnTypeIs extends PgguardPrecondition {
        public ColumnTypeIs() {
            super(Vocabulary.COLUMN_TYPE_IS);
        }
    }

    public static final class ColumnNullable extends PgguardPrecondition {
        public ColumnNullable() {
            super(Vocabulary.COLUMN_NULLABLE);
        }
    }

    public static final class ColumnDefaultIs extends PgguardPrecondition {
        public ColumnDefaultIs() {
            super(Vocabulary.COLUMN_DEFAULT_IS);
        }
    }

    public static final class ConstraintPresent extends PgguardPrecondition {
        public ConstraintPresent() {
            super(Vocabulary.CONSTRAINT_PRESENT);
        }
    }

    public static final class ConstraintMissing extends PgguardPrecondition {
        public ConstraintMissing() {
            super(Vocabulary.CONSTRAINT_MISSING);
        }
    }

    public static final class ForeignKeyPresent extends PgguardPrecondition {
        public ForeignKeyPresent() {
            super(Vocabulary.FOREIGN_KEY_PRESENT);
        }
    }

    public static final class ForeignKeyMissing extends PgguardPrecondition {
        public ForeignKeyMissing() {
            super(Vocabulary.FOREIGN_KEY_MISSING);
        }
    }

    public static final class ForeignKeyCountIs extends PgguardPrecondition {
        public ForeignKeyCountIs() {
            super(Vocabulary.FOREIGN_KEY_COUNT_IS);
        }
    }

    public static final class IndexPresent extends PgguardPrecondition {
        public IndexPresent() {
            super(Vocabulary.INDEX_PRESENT);
        }
    }

    public static final class IndexMissing extends PgguardPrecondition {
        public IndexMissing() {
            super(Vocabulary.INDEX_MISSING);
        }
    }

    public static final class IndexValid extends PgguardPrecondition {
        public IndexValid() {
            super(Vocabulary.INDEX_VALID);
        }
    }

    public static final class EnumTypePresent extends PgguardPrecondition {
        public EnumTypePresent() {
            super(Vocabulary.ENUM_TYPE_PRESENT);
        }
    }

    public static final class EnumTypeMissing extends PgguardPrecondition {
        public EnumTypeMissing() {
            super(Vocabulary.ENUM_TYPE_MISSING);
        }
    }

    public static final class EnumValuePresent extends PgguardPrecondition {
        public EnumValuePresent() {
            super(Vocabulary.ENUM_VALUE_PRESENT);
        }
    }

    public static final class EnumValueMissing extends PgguardPrecondition {
        public EnumValueMissing() {
            super(Vocabulary.ENUM_VALUE_MISSING);
        }
    }

    public static final class FunctionPresent extends PgguardPrecondition {
        public FunctionPresent() {
            super(Vocabulary.FUNCTION_PRESENT);
        }
    }

    public static final class FunctionMissing extends PgguardPrecondition {
        public FunctionMissing() {
            super(Vocabulary.FUNCTION_MISSING);
        }
    }

    public static final class TriggerPresent extends PgguardPrecondition {
        public TriggerPresent() {
            super(Vocabulary.TRIGGER_PRESENT);
        }
    }

    public static final class TriggerMissing extends PgguardPrecondition {
        public TriggerMissing() {
            super(Vocabulary.TRIGGER_MISSING);
        }
    }

    public static final class ExtensionPresent extends PgguardPrecondition {
        public ExtensionPresent() {
            super(Vocabulary.EXTENSION_PRESENT);
        }
    }

    public static final class ExtensionMissing extends PgguardPrecondition {
        public ExtensionMissing() {
            super(Vocabulary.EXTENSION_MISSING);
        }
    }

    public static final class NoRowsMatch extends PgguardPrecondition {
        public NoRowsMatch() {
            super(Vocabulary.NO_ROWS_MATCH);
        }
    }

    public static final class ServerVersionAtLeast extends PgguardPrecondition {
        public ServerVersionAtLeast() {
            super(Vocabulary.SERVER_VERSION_AT_LEAST);
        }
    }

    public static final class CurrentUserOwns extends PgguardPrecondition {
        public CurrentUserOwns() {
            super(Vocabulary.CURRENT_USER_OWNS);
        }
    }

    public static final class SessionSettingIs extends PgguardPrecondition {
        public SessionSettingIs() {
            super(Vocabulary.SESSION_SETTING_IS);
        }
    }

    public static final class CommentIs extends PgguardPrecondition {
        public CommentIs() {
            super(Vocabulary.COMMENT_IS);
        }
    }
}
