package dev.pgguard.check;

import static dev.pgguard.check.Eval.attrs;
import static dev.pgguard.check.Eval.eval;
import static dev.pgguard.check.Eval.on;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.testkit.PgExtension;
import dev.pgguard.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class CurrentUserOwnsCheckIT {

    /** Roles are cluster-wide: names unique to this test database. */
    private static String owner;
    private static String migrator;
    private static String member;

    @BeforeAll
    static void schema(TestDatabase db) {
        String[] parts = db.name().toLowerCase(Locale.ROOT).split("_");
        String suffix = parts[0] + "_" + parts[1];
        owner = "app_owner_" + suffix;
        migrator = "Migrator_" + suffix;
        member = "member_" + suffix;
        db.execute("CREATE ROLE " + owner + " NOLOGIN;"
                + " CREATE ROLE \"" + migrator + "\" LOGIN PASSWORD 'migrator-pw';"
                + " CREATE ROLE " + member + " LOGIN PASSWORD 'member-pw' IN ROLE " + owner + ";"
                + """
                CREATE SCHEMA service_ops;
                CREATE TABLE public.compositions (id int);
                CREATE TABLE service_ops.compositions (id int);
                CREATE TABLE service_ops."UserRole" (id int);
                CREATE VIEW public.composition_view AS SELECT 1 AS id;
                """
                + "ALTER TABLE public.compositions OWNER TO " + owner + ";"
                + "ALTER TABLE service_ops.\"UserRole\" OWNER TO " + owner + ";");
    }

    @AfterAll
    static void dropRoles(TestDatabase db) {
        db.execute("DROP OWNED BY " + owner + ", \"" + migrator + "\", " + member + ";"
                + " DROP ROLE " + member + "; DROP ROLE \"" + migrator + "\"; DROP ROLE " + owner + ";");
    }

    private static Connection as(TestDatabase db, String user, String password) throws Exception {
        return DriverManager.getConnection(db.server().url(db.name()), user, password);
    }

    @Test
    void ownerOtherThanCurrentUserFailsWithTheFix(TestDatabase db) throws Exception {
        try (Connection c = as(db, migrator, "migrator-pw")) {
            Outcome o = on(c, Vocabulary.CURRENT_USER_OWNS, "tableName", "compositions");
            assertThat(o.holds()).isFalse();
            assertThat(o.message()).isEqualTo("table public.compositions is owned by " + owner + ", not by \"" + migrator
                    + "\"; run the migration as " + owner + " or a member of it, or have " + owner
                    + " or a superuser run: ALTER TABLE public.compositions OWNER TO \"" + migrator + "\";");
            Outcome quoted = on(c, Vocabulary.CURRENT_USER_OWNS, "schemaName", "service_ops", "tableName", "UserRole");
            assertThat(quoted.message()).startsWith("table service_ops.\"UserRole\" is owned by " + owner)
                    .endsWith("ALTER TABLE service_ops.\"UserRole\" OWNER TO \"" + migrator + "\";");
            assertThat(on(c, Vocabulary.CURRENT_USER_OWNS, "schemaName", "service_ops", "tableName", "compositions").holds())
                    .as("service_ops.compositions is owned by the superuser").isFalse();
        }
    }

    @Test
    void memberOfTheOwnerRolePasses(TestDatabase db) throws Exception {
        try (Connection c = as(db, member, "member-pw")) {
            Outcome o = on(c, Vocabulary.CURRENT_USER_OWNS, "tableName", "compositions");
            assertThat(o.holds()).isTrue();
            assertThat(o.message()).isEqualTo("table public.compositions is owned by " + owner + " and " + member
                    + " may act as " + owner);
        }
    }

    @Test
    void superuserPasses(TestDatabase db) throws Exception {
        assertThat(eval(db, Vocabulary.CURRENT_USER_OWNS, "tableName", "compositions").holds()).isTrue();
        Outcome own = eval(db, Vocabulary.CURRENT_USER_OWNS, "schemaName", "service_ops", "tableName", "compositions");
        assertThat(own.holds()).isTrue();
        assertThat(own.message()).isEqualTo("table service_ops.compositions is owned by " + db.server().user());
    }

    @Test
    void missingTableOrOtherRelationFails(TestDatabase db) throws Exception {
        Outcome missing = eval(db, Vocabulary.CURRENT_USER_OWNS, "schemaName", "service_ops", "tableName", "userrole");
        assertThat(missing.holds()).isFalse();
        assertThat(missing.message()).isEqualTo("table service_ops.userrole does not exist (did you mean service_ops.\"UserRole\"?)");
        assertThat(eval(db, Vocabulary.CURRENT_USER_OWNS, "tableName", "composition_view").message())
                .isEqualTo("public.composition_view is a view, expected a table");
    }

    @Test
    void hostileStringsSimplyDoNotMatch(TestDatabase db) throws Exception {
        String hostile = "x'; DROP TABLE public.compositions; --";
        assertThat(eval(db, Vocabulary.CURRENT_USER_OWNS, "schemaName", hostile, "tableName", hostile).holds()).isFalse();
        assertThat(db.value("SELECT count(*) FROM pg_class WHERE relname = 'compositions'")).isEqualTo("2");
    }

    @Test
    void validationBeforeAnySql() {
        assertThat(Vocabulary.CURRENT_USER_OWNS.validate(attrs("schemaName", "public")))
                .containsExactly("currentUserOwns: attribute 'tableName' is required");
    }
}
