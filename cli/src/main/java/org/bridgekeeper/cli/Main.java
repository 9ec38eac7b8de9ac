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
        if ("halt".equals(System.getProperty("bridgekeeper.exit"))) {
            // The launcher says so when the JVM has no archive to write at exit: System.exit would
            // look up the System.Logger for Runtime.exit (a service scan of the JDK image and the
            // jar, 3-10 ms); the CLI registers no shutdown hook, and its streams are flushed.
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(rc);
        }
        // System.exit otherwise: the JVM writes the class-data archive (AutoCreateSharedArchive) or
        // the AOT configuration at exit.
        System.exit(rc);
    }
}
