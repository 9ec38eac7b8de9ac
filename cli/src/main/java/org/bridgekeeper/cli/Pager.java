package org.bridgekeeper.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.bridgekeeper.cli.config.Settings;
import org.bridgekeeper.cli.py.Py;

/**
 * The output pager: used only when stdout is a terminal, as aws-cli does ({@code AWS_PAGER},
 * profile {@code cli_pager}, {@code PAGER}, else {@code less} with {@code LESS=FRX}); empty or
 * {@code --no-cli-pager} disables it. Started only when there is output.
 */
final class Pager {

    private Pager() {
    }

    static void write(Settings settings, GlobalArgs globals, Environment env, PrintStream out, PrintStream err,
                      Consumer<PrintStream> formatter) {
        String pager = globals.noPager() || !env.stdoutTty() ? "" : settings.pager();
        if (pager == null || pager.isBlank()) {
            formatter.accept(out);
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream captured = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        formatter.accept(captured);
        if (buffer.size() == 0) {
            return;
        }
        List<String> argv = Py.shlexSplit(pager);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (!env.variables().containsKey("LESS")) {
            pb.environment().put("LESS", "FRX");
        }
        try {
            Process p = pb.start();
            try (OutputStream stdin = p.getOutputStream()) {
                buffer.writeTo(stdin);
            } catch (IOException e) {
                // the user quit the pager early
            }
            p.waitFor();
        } catch (IOException e) {
            throw new CliError(253, "Unable to redirect output to pager. Received the following error when opening"
                    + " pager:\n[Errno 2] No such file or directory: " + Py.repr(argv.get(0)) + "\n\nLearn more about"
                    + " configuring the output pager by running \"aws help config-vars\".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
