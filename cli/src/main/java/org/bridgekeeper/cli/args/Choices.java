package org.bridgekeeper.cli.args;

import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.cli.py.Py;

/**
 * The AWS CLI's "Invalid choice" text: the choices two per line ({@code %-40s | %-40s}), then
 * the close matches Python's {@code difflib.get_close_matches} finds (cutoff 0.8).
 */
public final class Choices {

    private Choices() {
    }

    static String invalid(String value, List<String> choices) {
        List<String> msg = new ArrayList<>();
        msg.add("Invalid choice, valid choices are:\n");
        for (int i = 0; i < choices.size(); i += 2) {
            List<String> row = new ArrayList<>();
            for (int k = i; k < Math.min(i + 2, choices.size()); k++) {
                row.add(String.format("%-40s", choices.get(k)));
            }
            msg.add(String.join(" | ", row));
        }
        List<String> possible = Py.getCloseMatches(value, choices, 3, 0.8);
        if (!possible.isEmpty()) {
            msg.add("\n\nInvalid choice: " + Py.repr(value) + ", maybe you meant:\n");
            for (String word : possible) {
                msg.add("  * " + word);
            }
        }
        return String.join("\n", msg);
    }
}
