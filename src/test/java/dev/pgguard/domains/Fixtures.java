package dev.pgguard.domains;

import dev.pgguard.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads fixture SQL from src/test/resources/fixtures/<domain>/ into a test database. */
public final class Fixtures {

    private Fixtures() {
    }

    public static void load(TestDatabase db, String domain, String... files) {
        for (String file : files) {
            String path = "fixtures/" + domain + "/" + file;
            try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalArgumentException("no fixture " + path);
                }
                db.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
