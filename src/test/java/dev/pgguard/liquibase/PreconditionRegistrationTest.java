package dev.pgguard.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgguard.check.CheckType;
import dev.pgguard.check.Vocabulary;
import liquibase.precondition.Precondition;
import liquibase.precondition.PreconditionFactory;
import org.junit.jupiter.api.Test;

/** Every vocabulary key is registered with Liquibase (services file + Preconditions class) under its own name. */
class PreconditionRegistrationTest {

    @Test
    void everyKeyResolvesToItsPrecondition() {
        for (CheckType type : Vocabulary.all()) {
            Precondition p = PreconditionFactory.getInstance().create(type.key());
            assertThat(p).as(type.key()).isInstanceOf(PgguardPrecondition.class);
            assertThat(p.getName()).isEqualTo(type.key());
        }
    }
}
