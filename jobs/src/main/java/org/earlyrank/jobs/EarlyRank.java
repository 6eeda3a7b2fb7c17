package org.earlyrank.jobs;

import org.earlyrank.Version;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code earlyrank <stage> [options]}, one word per stage. */
@Command(name = "earlyrank", mixinStandardHelpOptions = true, versionProvider = EarlyRank.VersionInfo.class,
        description = "Rank neural architectures early: train a search space on Spark with Deeplearning4j, score "
                + "cheap performance estimators, and report how well they rank the runs.",
        subcommands = {SweepJob.class, TrainJob.class, ImportCurvesJob.class, ScoreZcJob.class, ScoreTseJob.class,
                FitEnsembleJob.class, FitSvrJob.class, FitCombinedJob.class, ReportJob.class, PruneMipJob.class,
                TrainFinalJob.class, SearchJob.class, ExportJob.class, HistoryJob.class, DocsJob.class,
                BenchJob.class})
public final class EarlyRank implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new EarlyRank()).execute(args);
        System.exit(code);
    }

    static final class VersionInfo implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"earlyrank " + Version.version() + " (" + Version.gitCommit() + ")"};
        }
    }
}
