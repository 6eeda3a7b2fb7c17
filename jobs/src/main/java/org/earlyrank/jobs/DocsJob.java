package org.earlyrank.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.earlyrank.pipeline.Docs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code earlyrank docs}: regenerates docs/tables.md and docs/options.md from the declarations. No Spark. */
@Command(name = "docs", mixinStandardHelpOptions = true,
        description = "Write the table reference (tables.md) and the options reference (options.md) from the schema "
                + "and config declarations. Run it after adding a table or a config key; tests check the files are current.")
public final class DocsJob implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Folder to write into (default: docs/ of the EarlyRank install, else ./docs).")
    Path dir;

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            Path target = dir != null ? dir : Jobs.installPath("docs");
            Files.createDirectories(target);
            Files.writeString(target.resolve("tables.md"), Docs.tables());
            Files.writeString(target.resolve("options.md"), Docs.options());
            System.out.println("docs: wrote " + target.resolve("tables.md") + " and " + target.resolve("options.md"));
            return 0;
        });
    }
}
