package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code --help} and the README's configuration table, both printed from {@link Config}'s rows. */
class ConfigTableTest {

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("README.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theReadmesTableIsTheRows() throws IOException {
        String readme = Files.readString(repositoryRoot().resolve("README.md"));
        assertEquals(ConfigTable.markdown(Config.SETTINGS), ConfigTable.tableIn(readme),
                "README.md's configuration table differs from the rows in Config.java: run tools/config-table.sh");
    }

    @Test
    void rewritingReplacesOnlyTheTable() {
        String readme = "# Title\n\n" + ConfigTable.START + " generated -->\n| old |\n" + ConfigTable.END + "\nmore\n";
        assertEquals("# Title\n\n" + ConfigTable.START + " generated -->\n| new |\n" + ConfigTable.END + "\nmore\n",
                ConfigTable.withTable(readme, "| new |\n"));
        String current = ConfigTable.withTable(readme, ConfigTable.markdown(Config.SETTINGS));
        assertEquals(current, ConfigTable.withTable(current, ConfigTable.markdown(Config.SETTINGS)));
    }

    @Test
    void everyRowIsListed() throws IllegalAccessException {
        List<Object> declared = new ArrayList<>();
        for (Field field : Config.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
                declared.add(field.get(null));
            }
        }
        assertEquals(declared, Config.SETTINGS, "Config.SETTINGS lists every row, in declaration order");
    }

    @Test
    void helpListsEveryRowIncludingTheVariablesThatAreNotFlags() {
        String help = Config.usage();
        for (Setting<?> s : Config.SETTINGS) {
            assertTrue(help.contains(s.env()), s.env());
            if (s.flag() != null) {
                assertTrue(help.contains("  " + s.flag() + " "), s.flag());
            }
        }
        assertTrue(help.contains("BRIDGEKEEPER_MASTER_KEY"));
        assertTrue(help.contains("BRIDGEKEEPER_JAVA_OPTS"));
        assertFalse(help.contains("`"), "Markdown's backticks are for the README only");
    }

    @Test
    void helpColumnsAreAlignedAndFitIn80Columns() {
        String[] lines = Config.usage().split("\n");
        Integer envColumn = null;
        int rows = 0;
        for (String line : lines) {
            assertTrue(line.length() <= 80, "longer than 80 columns: " + line);
            int at = line.indexOf("BRIDGEKEEPER_");
            if (line.startsWith("  ") && !line.startsWith("   ") && at > 0) {
                envColumn = envColumn == null ? at : envColumn;
                assertEquals(envColumn, at, "variable column of: " + line);
                rows++;
            }
        }
        assertEquals(Config.SETTINGS.size(), rows);
        assertNotNull(envColumn);
    }

    @Test
    void eachFlagsVariableIsNamedAfterIt() {
        for (Setting<?> s : Config.SETTINGS) {
            assertTrue(s.env().startsWith("BRIDGEKEEPER_"), s.env());
            if (s.flag() != null) {
                // A repeatable flag names one value, its variable the list: --target-endpoint, BRIDGEKEEPER_TARGET_ENDPOINTS.
                assertEquals("BRIDGEKEEPER_" + s.flag().substring(2).replace('-', '_').toUpperCase(Locale.ROOT)
                        + (s.kind() == Setting.Kind.REPEATABLE ? "S" : ""), s.env());
            }
        }
    }

    @Test
    void launcherRowsAreReadByTheLauncher() throws IOException {
        String launcher = Files.readString(repositoryRoot().resolve("bridgekeeper"));
        for (Setting<?> s : Config.SETTINGS) {
            if (s.kind() == Setting.Kind.LAUNCHER) {
                assertTrue(launcher.contains("${" + s.env()), s.env() + " is not read by ./bridgekeeper");
            }
        }
    }

    @Test
    void helpTextsFitInAMarkdownCell() {
        for (Setting<?> s : Config.SETTINGS) {
            assertFalse(s.help().contains("|") || s.help().contains("\n"), s.env());
            assertFalse(s.defaultValue().contains("`"), s.env());
        }
    }
}
