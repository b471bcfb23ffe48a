package org.newsroom.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.newsroom.localstack.LocalStack;
import org.newsroom.localstack.StackSettings;

/** One local stack (free ports, temporary data) for all end-to-end tests of this JVM: it takes ~25 s to start. */
final class SharedStack {

    private static LocalStack stack;

    private SharedStack() {
    }

    static synchronized LocalStack get() throws Exception {
        if (stack == null) {
            Path dataDir = Files.createTempDirectory("e2e-stack");
            stack = LocalStack.start(StackSettings.onFreePorts(Path.of("..").toAbsolutePath().normalize(), dataDir, true));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                if (System.getenv("E2E_KEEP_DATA") == null) {
                    deleteQuietly(dataDir);
                }
            }, "e2e-stack-shutdown"));
        }
        return stack;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the OS cleans it eventually
        }
    }
}
