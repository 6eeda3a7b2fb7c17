package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.earlyrank.space.RunSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** The per-step schedules decay as their names say (values computed by hand from the formulas). */
class LearningRatesTest {
    @Test
    void linearDecaysToZeroAtTheLastStepAndStaysThere() {
        ISchedule s = LearningRates.of("linear", 0.1, 100);
        assertEquals(0.1, s.valueAt(0, 0), 1e-12);
        assertEquals(0.05, s.valueAt(50, 0), 1e-12);
        assertEquals(0.001, s.valueAt(99, 0), 1e-12);
        assertEquals(0.0, s.valueAt(100, 0), 0.0);
        assertEquals(0.0, s.valueAt(130, 0), 0.0, "never negative, e.g. for a worker's extra steps");
        // Why DL4J's PolySchedule is not used: in 1.0.0-M2.1 it rises, lr x (1 + 50/100) at the middle.
        assertEquals(0.15, new PolySchedule(ScheduleType.ITERATION, 0.1, 1.0, 100).valueAt(50, 0), 1e-12);
    }

    @Test
    void cosineAndConstant() {
        assertEquals(0.05, LearningRates.of("cosine", 0.1, 100).valueAt(50, 0), 1e-12, "0.1 x (1 + cos(pi/2)) / 2");
        assertEquals(0.0, LearningRates.of("cosine", 0.1, 100).valueAt(150, 0), 1e-12);
        assertEquals(0.1, LearningRates.of("constant", 0.1, 100).valueAt(99, 0), 0.0);
    }

    @Test
    void schedulesSurviveTheConfigurationJsonOfModelFiles() {
        RunSpec spec = new RunSpec("r", "|conv_3x3~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|", "nb201", 1, 1,
                4, 14, 2, 50, 0.1, 0.9, 5e-4, "linear", 1.0);
        for (String name : new String[]{"linear", "cosine"}) {
            ComputationGraphConfiguration conf = NetworkBuilder.build(spec, new InputShape(1, 14, 14, 10),
                    LearningRates.of(name, 0.1, 100));
            assertEquals(conf.toJson(), ComputationGraphConfiguration.fromJson(conf.toJson()).toJson(), name);
        }
    }
}
