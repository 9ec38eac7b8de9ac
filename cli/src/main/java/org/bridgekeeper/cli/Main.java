package org.bridgekeeper.cli;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.time.Clock;

/** {@code bridgekeeper events|extensions <command> ...}: the AWS CLI-compatible client. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Timing.mark("main");
        // The JDK would silently resend a POST on a stale connection; the CLI's own retries count.
        System.setProperty("sun.net.http.retryPost", "false");
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
                java.nio.charset.StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                java.nio.charset.StandardCharsets.UTF_8);
        Environment env = Environment.system();
        Timing.mark("environment");
        int rc = Cli.run(args, env, System.in, out, err, Clock.systemUTC());
        out.flush();
        Timing.mark("output");
        Timing.report(err);
        err.flush();
        // System.exit, not halt: the JVM writes the class-data archive (AutoCreateSharedArchive) at exit.
        System.exit(rc);
    }
}
