package org.newsroom.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM the stack starts and must stop again: its output goes to a log file, and stopping asks politely
 * (SIGTERM, so Kafka and Spring shut down gracefully and flush) before it insists.
 */
final class ChildJvm {

    private static final Logger log = LoggerFactory.getLogger(ChildJvm.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildJvm(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    static ChildJvm start(String name, List<String> jvmArgs, List<String> mainAndArgs,
            Map<String, String> environment, Path logFile) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.addAll(mainAndArgs);
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        return new ChildJvm(name, builder.start(), logFile);
    }

    /** Runs a JVM to completion, for one-off tools such as Kafka's storage formatter. */
    static void runToCompletion(String name, List<String> jvmArgs, List<String> mainAndArgs, Path logFile,
            Duration timeout) throws IOException, InterruptedException {
        ChildJvm tool = start(name, jvmArgs, mainAndArgs, Map.of(), logFile);
        if (!tool.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            tool.stop();
            throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + logFile);
        }
        if (tool.process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit code " + tool.process.exitValue()
                    + "; see " + logFile + "\n" + tool.logTail());
        }
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    /** Fails with the reason in the log when the process died while it should be starting. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited during startup; see " + logFile + "\n" + logTail());
        }
    }

    /** The last lines of the log, to show why a process died without making the user open a file. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL on Unix
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not stop within {} s; killing it", name, GRACE.toSeconds());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
