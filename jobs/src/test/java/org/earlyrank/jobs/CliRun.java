package org.earlyrank.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import picocli.CommandLine;

/**
 * {@code bin/earlyrank ARGS} run in the test's JVM (the same picocli command), with what it printed on
 * standard error captured: the tests of exit statuses and error messages read both.
 */
record CliRun(int code, String err) {
    static CliRun of(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            int code = new CommandLine(new EarlyRank()).execute(args);
            return new CliRun(code, buf.toString());
        } finally {
            System.setErr(original);
        }
    }
}
