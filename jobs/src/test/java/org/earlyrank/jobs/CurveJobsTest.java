package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The command line of import-curves and fit-svr: exit codes, sweep ids, flags reaching the config. */
class CurveJobsTest {
    @TempDir
    Path dir;

    static Path csv(String name) {
        Path p = Path.of("..", "data", "curves", name);
        return Files.exists(p) ? p : Path.of("data", "curves", name);
    }

    @Test
    void importThenFitSvrFromTheCommandLine() {
        Path out = dir.resolve("out");
        int code = new CommandLine(new EarlyRank()).execute("import-curves", "--csv",
                csv("deep_resnets_cifar10.csv").toString(), "--out", out.toString());
        assertEquals(0, code);
        Path sweep = out.resolve("deep_resnets_cifar10");
        assertTrue(Files.isDirectory(sweep.resolve("runs")), "sweep id = the CSV's name");
        code = new CommandLine(new EarlyRank()).execute("fit-svr", "--sweep", sweep.toString(),
                "--observed-fraction", "0.25", "--train-size", "50", "--repeats", "1",
                "--set", "fit-svr.search_draws=10", "--set", "fit-svr.early_stopping=false",
                "--set", "fit-svr.models=nu-svr-rbf,last-seen");
        assertEquals(0, code);
        assertTrue(Files.exists(sweep.resolve("svr_fits").resolve("_SUCCESS")));
        String options = read(sweep.resolve("options.json"));
        assertTrue(options.contains("\"observed_fraction\" : 0.25") && options.contains("\"train_size\" : 50"), options);
    }

    @Test
    void badInputExitsWithStatusTwoAndAMessage() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "lr,acc_1,acc_2\n0.1,0.5,oops\n");
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        int code;
        try {
            code = new CommandLine(new EarlyRank()).execute("import-curves", "--csv", bad.toString(), "--out",
                    dir.resolve("out").toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(Jobs.BAD_INPUT, code);
        assertTrue(buf.toString().contains("bad.csv line 2, column 'acc_2' (column 3): 'oops' is not a number"), buf.toString());
        assertEquals(Jobs.BAD_INPUT, new CommandLine(new EarlyRank()).execute("fit-svr", "--sweep",
                dir.resolve("nowhere").toString()));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
