package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.TestSpark;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The correlation code through the whole user path: a CSV of tied learning curves brought in with
 * import-curves, scored by score-tse (val-acc, the only estimator an import supports) and ranked by the
 * report, agrees with scipy to 1e-6.
 */
class ImportScoreReportPathTest {
    @TempDir
    Path dir;

    // Validation accuracy at epoch 2 (the estimate at budget 2) and at epoch 3 (the truth), with ties.
    private static final double[] X = {0.5, 0.6, 0.6, 0.7, 0.55, 0.6, 0.8, 0.5};
    private static final double[] Y = {0.7, 0.75, 0.8, 0.8, 0.7, 0.85, 0.9, 0.72};

    @Test
    void tauSpearmanAndPearsonMatchScipyOnTiedCurves() throws Exception {
        TestSpark.session();
        StringBuilder csv = new StringBuilder("lr,acc_1,acc_2,acc_3\n");
        for (int i = 0; i < X.length; i++) {
            csv.append("0.1,0.3,").append(X[i]).append(',').append(Y[i]).append('\n');
        }
        Path file = dir.resolve("tied.csv");
        Files.writeString(file, csv);
        Path out = dir.resolve("out");
        CommandLine cli = new CommandLine(new EarlyRank());
        assertEquals(0, cli.execute("import-curves", "--csv", file.toString(), "--curve-prefix", "acc_", "--out", out.toString()));
        String sweep = out.resolve("tied").toString();
        assertEquals(0, new CommandLine(new EarlyRank()).execute("score-tse", "--sweep", sweep));
        assertEquals(0, new CommandLine(new EarlyRank()).execute("report", "--sweep", sweep));
        List<RankCorrelationRow> rows = SweepFolder.at(sweep, new Configuration()).read(RankCorrelationTable.TABLE, "report")
                .stream().map(RankCorrelationRow::fromRow).toList();
        RankCorrelationRow r = rows.stream().filter(x -> x.estimator().equals("val-acc") && x.budgetEpoch() == 2)
                .findFirst().orElseThrow();
        // scipy 1.10.1: kendalltau(X, Y), spearmanr(X, Y), pearsonr(X, Y)
        assertEquals(0.7205766921228922, r.kendallTau(), 1e-6);
        assertEquals(0.8510794409931051, r.spearmanRho(), 1e-6);
        assertEquals(0.8497837353298732, r.pearsonR(), 1e-6);
        assertEquals(8, r.n());
    }
}
