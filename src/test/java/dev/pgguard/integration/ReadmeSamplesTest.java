package dev.pgguard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The configuration the README tells users to copy is the one the sample builds under src/it run. */
class ReadmeSamplesTest {

    private static final Pattern PLUGIN = Pattern.compile("(?s)<plugin>\\s*<groupId>org\\.liquibase</groupId>.*?</plugin>");

    @Test
    void mavenPluginBlockIsTheOneTheSampleRuns() throws IOException {
        String readme = read("README.md");
        String sample = read("src/it/maven-plugin/pom.xml");
        String version = projectVersion();
        assertThat(lines(block(readme)))
                .as("README's liquibase-maven-plugin block vs src/it/maven-plugin/pom.xml (pgguard %s)", version)
                .containsExactlyElementsOf(lines(block(sample).replace("@project.version@", version)));
    }

    @Test
    void springBootSamplesUseTheChangelogPropertyOfTheReadme() throws IOException {
        String property = "spring.liquibase.change-log=classpath:changelogs/packet-workflow/changelog.yaml";
        assertThat(read("README.md")).contains(property);
        for (String sample : List.of("spring-boot-3.5", "spring-boot-4.0")) {
            assertThat(read("src/it/" + sample + "/src/main/resources/application.properties")).as(sample).contains(property);
        }
    }

    private static String block(String text) {
        Matcher m = PLUGIN.matcher(text);
        assertThat(m.find()).as("a liquibase-maven-plugin <plugin> block").isTrue();
        return m.group();
    }

    private static List<String> lines(String block) {
        return block.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>pgguard</artifactId>\\s*<version>([^<]+)</version>").matcher(read("pom.xml"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }
}
