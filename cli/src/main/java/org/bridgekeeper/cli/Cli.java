package org.bridgekeeper.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import org.bridgekeeper.cli.args.ArgParseException;
import org.bridgekeeper.cli.args.ArgParser;
import org.bridgekeeper.cli.args.ParamException;
import org.bridgekeeper.cli.config.ConfigException;
import org.bridgekeeper.cli.output.OutputException;
import org.bridgekeeper.cli.py.PyValueError;

/**
 * The CLI's entry point, callable in-process: runs one command line and returns its exit code.
 * Every failure becomes an AWS-CLI-shaped message on {@code err} and aws-cli's exit code;
 * no stack trace reaches the user.
 */
public final class Cli {

    static final String USAGE = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
            + "To see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

    private Cli() {
    }

    public static int run(String[] args, Environment env, InputStream in, PrintStream out, PrintStream err,
                          Clock clock) {
        try {
            return new Command(env, in, out, err, clock).run(java.util.List.of(args));
        } catch (ArgParser.VersionRequested e) {
            out.print(Version.text());
            out.print("\n");
            return 0;
        } catch (ArgParseException e) {
            err.print("\n" + USAGE + "\naws: error: " + e.getMessage() + "\n\n");
            return 252;
        } catch (Command.UnknownOptions e) {
            err.print("\n" + USAGE + "\n" + e.getMessage() + "\n\n");
            return 252;
        } catch (ParamException e) {
            err.print("\n" + e.getMessage() + "\n");
            return 252;
        } catch (CliError e) {
            err.print("\n" + e.getMessage() + "\n");
            return e.exitCode();
        } catch (ConfigException e) {
            err.print("\n" + e.getMessage() + "\n");
            return e.exitCode();
        } catch (PyValueError | OutputException e) {
            err.print("\n" + e.getMessage() + "\n");
            return 255;
        } catch (RuntimeException | StackOverflowError e) {
            // aws-cli's last-resort handler prints str(exception): never a stack trace.
            err.print("\n" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + "\n");
            return 255;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
