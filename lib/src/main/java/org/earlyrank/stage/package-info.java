/**
 * The stage contract and its one runner.
 *
 * <p>A {@link org.earlyrank.stage.Stage} declares its name (the CLI word, the config section, the key in
 * options.json, the staging folder, and, upper-cased, the Spark job group), the tables it requires and may
 * use ({@link org.earlyrank.stage.TableInput}), the tables it writes, the config sections it records, and
 * whether it creates the sweep folder. {@link org.earlyrank.stage.StageRunner} runs every stage the same
 * way: it checks the options, then every input table (published, declared schema, readable footers), then
 * asks the stage for its {@link org.earlyrank.stage.Plan} (the stage's own checks: a dataset, a CSV, a
 * reference sweep, the winners), and only then touches the sweep folder: resume, refuse or skip
 * (already complete), run, publish, record. A bad input therefore never changes a file.
 *
 * <p>Stages never call each other; {@code org.earlyrank.pipeline} sequences them (the sweep, the report
 * redrawn after prune-mip and train-final). A stage with report sections implements
 * {@code org.earlyrank.report.ReportedStage}, so this package does not depend on the report.
 *
 * <p>Adding a stage: one class implementing {@link org.earlyrank.stage.Stage} (its options record and
 * section in {@code org.earlyrank.config}, its tables in {@code org.earlyrank.schema}), one entry in
 * {@code org.earlyrank.pipeline.Stages.ALL}, and a thin job in module jobs.
 */
package org.earlyrank.stage;
