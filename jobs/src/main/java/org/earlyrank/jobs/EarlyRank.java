package org.earlyrank.jobs;

import java.util.List;

import org.earlyrank.Version;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.stage.Stage;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/** The command line: {@code earlyrank <stage> [options]}, one word per stage. */
@Command(name = "earlyrank", mixinStandardHelpOptions = true, versionProvider = EarlyRank.VersionInfo.class,
        modelTransformer = EarlyRank.AddCommands.class,
        description = "Rank neural architectures early: train a search space on Spark with Deeplearning4j, score "
                + "cheap performance estimators, and report how well they rank the runs.")
public final class EarlyRank implements Runnable {

    /**
     * Every command, in the order {@code earlyrank --help} lists them. A job with behaviour of its own is its
     * class; a stage that runs as it is gets a plain {@link StageJob} here, with its description and the keys of
     * its section it offers as options ({@link Shorthand}).
     */
    static List<CommandLine> commands() {
        return List.of(
                job(SweepJob.class),
                stage(Stages.TRAIN, "Train every run of the sweep (one Spark task per run) and write runs, curves, "
                        + "steps, features, heads."),
                job(ImportCurvesJob.class),
                stage(Stages.SCORE_ZC, "Score every trained run at budget 0 with the zero-cost proxies (grad-norm, "
                        + "snip, grasp, fisher, synflow, jacov, and params and flops as baselines), computed on its "
                        + "initial network rebuilt from its seed and its first training minibatches; write estimates.",
                        Shorthand.value("minibatches", "K")),
                stage(Stages.SCORE_TSE, "Score every run of a sweep at every budget with TSE, TSE-E, TSE-EMA and the "
                        + "baselines (val-acc, sovl, tl-mini); write estimates and record the effective budget in "
                        + "options.json."),
                stage(Stages.FIT_ENSEMBLE, "Score every run with the feature-history estimators (fh-original, "
                        + "fh-optimized, fh-ensemble; one Spark task per run) and add them to estimates."),
                stage(Stages.FIT_SVR, "Fit nu-SVR models of final accuracy from partial learning curves (Baker et al. "
                        + "2018), compare them with OLS, random forest, the last seen value and (fit-svr.models) "
                        + "learning-curve extrapolation and a Bayesian neural network, and simulate early stopping and "
                        + "fast Hyperband; writes svr_fits, early_stopping and svr estimates.",
                        Shorthand.value("observed_fraction", "F"), Shorthand.value("train_size", "N"),
                        Shorthand.value("repeats", "R")),
                stage(Stages.FIT_COMBINED, "Fit the combined estimator at every budget on the other estimators' "
                        + "scores, the budget-0 proxies and architecture features, cross-fitted over runs with the "
                        + "model chosen by nested cross-validation; write its estimates. Run it after the other "
                        + "estimators."),
                job(ReportJob.class),
                job(PruneMipJob.class),
                stage(Stages.TRAIN_FINAL, "Retrain the top K runs of a sweep by an estimator's score at a budget, at "
                        + "final scale, each data-parallel over the session's workers (dl4j-spark parameter "
                        + "averaging), and write final_runs.",
                        Shorthand.value("estimator", "NAME"), Shorthand.value("budget", "EPOCHS"),
                        Shorthand.value("top_k", "K")),
                job(SearchJob.class),
                job(ExportJob.class),
                job(HistoryJob.class),
                job(DocsJob.class),
                job(BenchJob.class));
    }

    private static CommandLine job(Class<?> cls) {
        return new CommandLine(cls);
    }

    /** The command {@code earlyrank <stage's name>}: runs the stage with the config and the shorthands. */
    private static CommandLine stage(Stage stage, String description, Shorthand... shorthands) {
        CommandLine cl = new CommandLine(new StageJob(stage, shorthands));
        cl.getCommandSpec().name(stage.name()).usageMessage().description(description);
        return cl;
    }

    /** Adds {@link #commands()} once picocli has built the top command (picocli's subcommands take only classes). */
    static final class AddCommands implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            commands().forEach(cl -> spec.addSubcommand(cl.getCommandName(), cl));
            return spec;
        }
    }

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
