package dev.pgguard.lock;

import dev.pgguard.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link UpdateMain} in a separate JVM with the test classpath, its output in a log file. */
record Jvm(String name, Process process, Path log) {

    static Jvm start(TestDatabase db, String changelog, String name, Path dir, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath(), UpdateMain.class.getName(),
                db.url(), db.server().user(), db.server().password(), changelog, name));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LIQUIBASE_ANALYTICS_ENABLED", "false");
        return new Jvm(name, pb.start(), log);
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** failsafe's JVM may see only its booter jar in java.class.path, hence surefire.test.class.path. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }
}
