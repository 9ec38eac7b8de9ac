package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tools/find-jdk.sh, which ./bridgekeeper, ./mvnw and .ci/run source to find a Java >= 21, run by
 * dash (./mvnw's /bin/sh here) and bash (the launcher's) against fake Java homes: a release file
 * and an executable bin/java (and bin/javac for a JDK).
 */
class FindJdkTest {

    @TempDir
    Path dir;

    private static Path repositoryRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("tools/find-jdk.sh"))) {
                return d;
            }
        }
        throw new IllegalStateException("no tools/find-jdk.sh above " + Path.of("").toAbsolutePath());
    }

    private Path home(String name, String javaVersion, boolean javac) throws IOException {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + javaVersion + "\"\n");
        executable(home.resolve("bin/java"));
        if (javac) {
            executable(home.resolve("bin/javac"));
        }
        return home;
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** "rc home" as the sourced function leaves them, and whether set -f survived it. */
    private static String find(String shell, Map<String, String> env, String arg) throws Exception {
        String script = "set -f; . \"$0\"; if bk_find_jdk " + arg + "; then rc=0; else rc=1; fi; "
                + "case $- in *f*) f=noglob ;; *) f=glob ;; esac; echo \"$rc $bk_java_home $f\"";
        ProcessBuilder builder = new ProcessBuilder(shell, "-c", script,
                repositoryRoot().resolve("tools/find-jdk.sh").toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.endsWith(" noglob"), "set -f (./mvnw's) must be left as it was: " + out);
        return out.substring(0, out.length() - " noglob".length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/bash"})
    void javaHomeFirstWhenItIs21OrNewer(String shell) throws Exception {
        Path jdk21 = home("jdk21", "21.0.2", true);
        Path jdk25 = home("jdk25", "25", true);
        assertEquals("0 " + jdk21, find(shell, Map.of("JAVA_HOME", jdk21 + "/", "PATH", jdk25 + "/bin:/usr/bin:/bin"),
                "javac"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/bash"})
    void anOlderJavaHomeGivesWayToThePathsJava(String shell) throws Exception {
        Path jdk17 = home("jdk17", "17.0.15", true);
        Path jdk25 = home("jdk25", "25.0.3", true);
        assertEquals("0 " + jdk25, find(shell, Map.of("JAVA_HOME", jdk17.toString(), "PATH", jdk25 + "/bin:/usr/bin:/bin"),
                "javac"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/bash"})
    void aJreRunsButDoesNotBuild(String shell) throws Exception {
        Path jre25 = home("jre25", "25", false);
        Path jdk21 = home("jdk21", "21", true);
        Map<String, String> env = Map.of("JAVA_HOME", jre25.toString(), "PATH", jdk21 + "/bin:/usr/bin:/bin");
        assertEquals("0 " + jre25, find(shell, env, ""));
        assertEquals("0 " + jdk21, find(shell, env, "javac"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/bash"})
    void versionsAsReleaseFilesWriteThem(String shell) throws Exception {
        for (String version : List.of("26-ea", "21", "22.0.1+8")) {
            Path home = home("v" + version.hashCode(), version, true);
            assertEquals("0 " + home, find(shell, Map.of("JAVA_HOME", home.toString(), "PATH", "/usr/bin:/bin"), "javac"));
        }
        for (String version : List.of("1.8.0_392", "11.0.2", "")) {
            Path home = home("old" + version.hashCode(), version, true);
            String found = find(shell, Map.of("JAVA_HOME", home.toString(), "PATH", "/usr/bin:/bin"), "javac");
            assertTrue(!found.endsWith(" " + home), version + " was taken for 21 or newer: " + found);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/bash"})
    void aSymlinkedJavaOnThePathIsResolvedToItsHome(String shell) throws Exception {
        Path jdk25 = home("jdk25", "25", true);
        Path links = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("java"), jdk25.resolve("bin/java"));
        assertEquals("0 " + jdk25, find(shell, Map.of("PATH", links + ":/usr/bin:/bin"), "javac"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/bash"})
    void otherwiseTheNewestUnderUsrLibJvm(String shell) throws Exception {
        Path jdk17 = home("jdk17", "17", true);
        String found = find(shell, Map.of("JAVA_HOME", jdk17.toString(), "PATH", dir + "/nowhere"), "javac");
        // Machine-dependent: a JDK >= 21 under /usr/lib/jvm, or none at all.
        assertTrue(found.equals("1 ") || found.startsWith("0 /usr/lib/jvm/"), found);
    }
}
