import org.bytedeco.javacpp.Pointer;
import org.bytedeco.dnnl.*;
import org.bytedeco.dnnl.global.dnnl;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.earlyrank.train.JavaBatchNormHelper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch norm's training-mode forward and backward pass ([128, C, H, W] at the default sweep's three stages)
 * in EarlyRank's Java loops (JavaBatchNormHelper) against oneDNN called directly on the plain layout
 * (ncsp_bnorm) and on its 8-channel blocked layout (bnorm_jit, four reorders included); milliseconds per pass
 * and the largest difference from the Java loops' output and input gradient. The measurement behind issue 19's
 * two batch-norm experiments (BENCHMARKS.md, issue 19, round 6; neither was kept).
 *   source bin/common.sh && er_ensure_built && java $JVM_FLAGS -cp "$(er_classpath)" bench/BatchNormOneDnn.java
 */
public class BatchNormOneDnn {
    static Pointer at(INDArray a) {
        long addr = a.data().address() + a.offset() * 4;
        return new Pointer() { { address = addr; } };
    }
    public static void main(String[] args) {
        int n = 128;
        int[][] cfgs = {{8, 14}, {16, 7}, {32, 4}};
        engine eng = new engine(engine.kind.cpu, 0);
        stream s = new stream(eng);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        for (int[] c : cfgs) {
            int ch = c[0], h = c[1];
            INDArray x = Nd4j.randn(DataType.FLOAT, n, ch, h, h);
            INDArray dy = Nd4j.randn(DataType.FLOAT, n, ch, h, h);
            INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, ch), beta = Nd4j.rand(DataType.FLOAT, 1, ch);
            INDArray mean = Nd4j.zeros(DataType.FLOAT, 1, ch), var = Nd4j.ones(DataType.FLOAT, 1, ch);
            INDArray dg = Nd4j.create(DataType.FLOAT, 1, ch), db = Nd4j.create(DataType.FLOAT, 1, ch);
            JavaBatchNormHelper jh = new JavaBatchNormHelper();
            int reps = 300;
            INDArray yJ = null, dxJ = null;
            for (int i = 0; i < 50; i++) {
                yJ = jh.preOutput(x, true, null, gamma, beta, mean, var, 0.9, 1e-5, CNN2DFormat.NCHW, ws);
                dxJ = jh.backpropGradient(x, dy, null, gamma, beta, dg, db, 1e-5, CNN2DFormat.NCHW, ws).getSecond();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                jh.preOutput(x, true, null, gamma, beta, mean, var, 0.9, 1e-5, CNN2DFormat.NCHW, ws);
                jh.backpropGradient(x, dy, null, gamma, beta, dg, db, 1e-5, CNN2DFormat.NCHW, ws);
            }
            double java = (System.nanoTime() - t0) / 1e6 / reps;
            for (memory.format_tag tag : new memory.format_tag[]{memory.format_tag.nchw, memory.format_tag.nChw8c}) {
                memory.desc pd = new memory.desc(new long[]{n, ch, h, h}, memory.data_type.f32, memory.format_tag.nchw);
                memory.desc bd = new memory.desc(new long[]{n, ch, h, h}, memory.data_type.f32, tag);
                memory.desc cd = new memory.desc(new long[]{ch}, memory.data_type.f32, memory.format_tag.x);
                int flags = dnnl.normalization_flags.use_scale.value | dnnl.normalization_flags.use_shift.value;
                var fpd = new batch_normalization_forward.primitive_desc(new batch_normalization_forward.desc(dnnl.prop_kind.forward_training.value, bd, 1e-5f, flags), eng);
                var bpd = new batch_normalization_backward.primitive_desc(new batch_normalization_backward.desc(dnnl.prop_kind.backward.value, bd, bd, 1e-5f, flags), eng, fpd);
                System.out.println(tag + " impl fwd=" + fpd.impl_info_str().getString() + " bwd=" + bpd.impl_info_str().getString());
                primitive f = new batch_normalization_forward(fpd), b = new batch_normalization_backward(bpd);
                INDArray y = Nd4j.create(DataType.FLOAT, n, ch, h, h), dx = Nd4j.create(DataType.FLOAT, n, ch, h, h);
                INDArray mu = Nd4j.create(DataType.FLOAT, ch), vr = Nd4j.create(DataType.FLOAT, ch);
                INDArray g = gamma.dup().reshape(ch), bt = beta.dup().reshape(ch), dgm = Nd4j.create(DataType.FLOAT, ch), dbm = Nd4j.create(DataType.FLOAT, ch);
                boolean blocked = tag != memory.format_tag.nchw;
                memory ux = new memory(pd, eng, at(x)), uy = new memory(pd, eng, at(y)), udy = new memory(pd, eng, at(dy)), udx = new memory(pd, eng, at(dx));
                memory bx = blocked ? new memory(bd, eng) : ux, by = blocked ? new memory(bd, eng) : uy, bdy = blocked ? new memory(bd, eng) : udy, bdx = blocked ? new memory(bd, eng) : udx;
                memory mm = new memory(cd, eng, at(mu)), vm = new memory(cd, eng, at(vr)), gm = new memory(cd, eng, at(g)), btm = new memory(cd, eng, at(bt));
                memory dgmm = new memory(cd, eng, at(dgm)), dbmm = new memory(cd, eng, at(dbm));
                IntMemoryMap fa = new IntMemoryMap();
                fa.put(dnnl.DNNL_ARG_SRC, bx); fa.put(dnnl.DNNL_ARG_DST, by); fa.put(dnnl.DNNL_ARG_MEAN, mm); fa.put(dnnl.DNNL_ARG_VARIANCE, vm); fa.put(dnnl.DNNL_ARG_SCALE, gm); fa.put(dnnl.DNNL_ARG_SHIFT, btm);
                IntMemoryMap ba = new IntMemoryMap();
                ba.put(dnnl.DNNL_ARG_SRC, bx); ba.put(dnnl.DNNL_ARG_DIFF_DST, bdy); ba.put(dnnl.DNNL_ARG_MEAN, mm); ba.put(dnnl.DNNL_ARG_VARIANCE, vm); ba.put(dnnl.DNNL_ARG_SCALE, gm); ba.put(dnnl.DNNL_ARG_SHIFT, btm);
                ba.put(dnnl.DNNL_ARG_DIFF_SRC, bdx); ba.put(dnnl.DNNL_ARG_DIFF_SCALE, dgmm); ba.put(dnnl.DNNL_ARG_DIFF_SHIFT, dbmm);
                primitive r1 = blocked ? new reorder(ux, bx) : null, r2 = blocked ? new reorder(by, uy) : null, r3 = blocked ? new reorder(udy, bdy) : null, r4 = blocked ? new reorder(bdx, udx) : null;
                IntMemoryMap a1 = new IntMemoryMap(), a2 = new IntMemoryMap(), a3 = new IntMemoryMap(), a4 = new IntMemoryMap();
                a1.put(dnnl.DNNL_ARG_FROM, ux); a1.put(dnnl.DNNL_ARG_TO, bx); a2.put(dnnl.DNNL_ARG_FROM, by); a2.put(dnnl.DNNL_ARG_TO, uy);
                a3.put(dnnl.DNNL_ARG_FROM, udy); a3.put(dnnl.DNNL_ARG_TO, bdy); a4.put(dnnl.DNNL_ARG_FROM, bdx); a4.put(dnnl.DNNL_ARG_TO, udx);
                Runnable step = () -> {
                    if (blocked) r1.execute(s, a1);
                    f.execute(s, fa);
                    if (blocked) { r2.execute(s, a2); r3.execute(s, a3); }
                    b.execute(s, ba);
                    if (blocked) r4.execute(s, a4);
                };
                for (int i = 0; i < 50; i++) step.run();
                t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) step.run();
                double d = (System.nanoTime() - t0) / 1e6 / reps;
                System.out.printf("ch=%d h=%d %s java %.3f ms  onednn %.3f ms  ratio %.2f  |y| %.2e |dx| %.2e%n", ch, h, tag, java, d, java / d,
                        y.sub(yJ).amaxNumber().doubleValue(), dx.sub(dxJ).amaxNumber().doubleValue());
            }
        }
    }
}
