package dev.zoomtoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every line of the project's Java, SQL and properties sources is at most 120 characters, comments included: the
 * formatter (src/build/eclipse-format.xml) wraps code but leaves comments and strings as written.
 */
class SourceLinesTest {

    private static final int MAX = 120;

    @Test
    void noSourceLineIsLongerThan120Characters() throws IOException {
        List<String> tooLong = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(Path.of("src"))) {
            for (Path source : sources.filter(SourceLinesTest::checked).toList()) {
                files++;
                List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).length() > MAX) {
                        tooLong.add(source + ":" + (i + 1) + " (" + lines.get(i).length() + ")");
                    }
                }
            }
        }
        assertTrue(files > 100, "found the sources: " + files);
        assertEquals(List.of(), tooLong);
    }

    private static boolean checked(Path path) {
        String name = path.getFileName().toString();
        return Files.isRegularFile(path) && !path.startsWith(Path.of("src", "it", "library-consumer", "target"))
                && (name.endsWith(".java") || name.endsWith(".sql") || name.endsWith(".properties"));
    }
}
