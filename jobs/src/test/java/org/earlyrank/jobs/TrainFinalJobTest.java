package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code earlyrank train-final} on the command line: its options reach the config, bad input exits 2. */
class TrainFinalJobTest {
    @TempDir
    Path dir;

    @Test
    void theStageOptionsAreConfigKeys() {
        // --top-k 0 fails validation of train-final.top_k before any Spark session starts.
        int code = new CommandLine(new EarlyRank()).execute("train-final", "--conf",
                JavaProcess.repoFile("conf/smoke.yaml").toString(), "--estimator", "tse-e", "--budget", "3",
                "--top-k", "0");
        assertEquals(Jobs.BAD_INPUT, code);
        int budget = new CommandLine(new EarlyRank()).execute("train-final", "--conf",
                JavaProcess.repoFile("conf/smoke.yaml").toString(), "--budget", "soon");
        assertEquals(Jobs.BAD_INPUT, budget);
        String help = new CommandLine(new EarlyRank()).getSubcommands().get("train-final").getUsageMessage();
        for (String option : List.of("--sweep", "--estimator", "--budget", "--top-k", "--conf")) {
            assertTrue(help.contains(option), option + " in: " + help);
        }
    }

    @Test
    void aMissingSweepFolderExitsWithItsName() throws Exception {
        Path log = dir.resolve("log");
        Path missing = dir.resolve("out/nothing");
        Process p = JavaProcess.start(EarlyRank.class.getName(), List.of("-Xmx2g"),
                List.of("train-final", "--conf", JavaProcess.repoFile("conf/smoke.yaml").toString(),
                        "--set", "spark.master=local[2]", "--sweep", missing.toString(), "--estimator", "tse-e",
                        "--budget", "3"), Map.of(), log);
        int code;
        try {
            code = p.waitFor();
        } finally {
            p.destroyForcibly(); // a no-op once it exited; on the test's timeout it leaves no process behind
        }
        String text = JavaProcess.log(log);
        assertEquals(Jobs.BAD_INPUT, code, text);
        assertTrue(text.contains("no sweep folder at") && text.contains("nothing"), text);
    }
}
