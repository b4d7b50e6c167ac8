package dev.pgguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void optionsInAnyOrderWithSpaceOrEquals() throws Exception {
        Args a = Args.parse(new String[] {"--changelog=packet-workflow", "rollback", "--count", "3"});
        assertThat(a.command()).isEqualTo("rollback");
        assertThat(a.option("changelog")).contains("packet-workflow");
        assertThat(a.count("count")).contains(3);
    }

    @Test
    void passwordIsRejectedWithoutEchoingIt() {
        for (String[] argv : new String[][] {{"update", "--password", "hunter2"}, {"update", "--password=hunter2"}}) {
            assertThatThrownBy(() -> Args.parse(argv)).isInstanceOf(UsageException.class)
                    .hasMessageContaining("PGPASSWORD").hasMessageContaining("--password-file")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        }
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertThatThrownBy(() -> Args.parse(new String[] {"upgrade"})).hasMessageContaining("unknown command 'upgrade'");
        assertThatThrownBy(() -> Args.parse(new String[] {"update", "--frobnicate=x"}))
                .hasMessageContaining("unknown option --frobnicate").satisfies(e -> assertThat(e.getMessage()).doesNotContain("=x"));
        assertThatThrownBy(() -> Args.parse(new String[] {"update", "--changelog"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Args.parse(new String[] {"verify", "--tag", "x"})).hasMessageContaining("does not apply to verify");
        assertThatThrownBy(() -> Args.parse(new String[] {"status", "--url", "jdbc:postgresql://h/db?user=a&password=b"}))
                .hasMessageContaining("must not carry a password");
        assertThatThrownBy(() -> Args.parse(new String[] {"status", "--url", "postgres://h/db"})).hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> Args.parse(new String[] {"demo", "--url", "jdbc:postgresql://h/db"}))
                .hasMessageContaining("embedded");
        assertThatThrownBy(() -> Args.parse(new String[] {"update", "extra", "x"})).hasMessageContaining("unexpected argument");
    }

    @Test
    void countMustBePositive() throws Exception {
        Args a = Args.parse(new String[] {"rollback", "--count", "0"});
        assertThatThrownBy(() -> a.count("count")).hasMessageContaining("positive whole number");
    }
}
