package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * The command list users and scripts rely on: every command's name, in the order {@code earlyrank --help} lists
 * them, each with its description and the standard help options, whether it is a job class or a row of
 * {@link EarlyRank#commands()}. No Spark.
 */
class EarlyRankCommandsTest {
    @Test
    void theCommandsKeepTheirNamesAndOrder() {
        assertEquals(List.of("sweep", "train", "import-curves", "score-zc", "score-tse", "fit-ensemble", "fit-svr",
                        "fit-combined", "report", "prune-mip", "train-final", "search", "export", "history", "docs",
                        "bench"),
                List.copyOf(new CommandLine(new EarlyRank()).getSubcommands().keySet()));
    }

    @Test
    void everyCommandHasItsDescriptionAndHelpOptions() {
        new CommandLine(new EarlyRank()).getSubcommands().forEach((name, cl) -> {
            String usage = cl.getUsageMessage();
            assertTrue(usage.startsWith("Usage: earlyrank " + name + " "), usage);
            assertTrue(cl.getCommandSpec().usageMessage().description().length > 0, name + " has a description");
            assertNotNull(cl.getCommandSpec().findOption("--help"), name + " --help");
            assertNotNull(cl.getCommandSpec().findOption("--version"), name + " --version");
        });
    }
}
