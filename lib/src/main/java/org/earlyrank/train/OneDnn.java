package org.earlyrank.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What calling oneDNN directly ({@link DirectOneDnnConvHelper}) takes: the CPU engine of JavaCPP's {@code dnnl}
 * preset, handing ND4J arrays to oneDNN without a copy, and the operand that pairs a plain NCHW/OIHW array with
 * the blocked layout a primitive runs in.
 *
 * <p>This oneDNN (2.5.2, its own library) is a second copy beside the one linked into libnd4j, whose symbols
 * are not exported; the two share no state. Both read {@code DNNL_VERBOSE} (this one prints
 * {@code onednn_verbose} lines) and take their thread count from OpenMP ({@code OMP_NUM_THREADS}).
 */
final class OneDnn {
    private OneDnn() {
    }

    /** The CPU engine, created once per JVM; null when the native library cannot load. */
    private static final class Holder {
        static final engine ENGINE = create();

        private static engine create() {
            try {
                Loader.load(dnnl.class);
                return new engine(engine.kind.cpu, 0);
            } catch (Throwable e) {
                return null;
            }
        }
    }

    /** True when JavaCPP's dnnl preset loads here (its native library is in the linux-x86_64 jar). */
    static boolean available() {
        return Holder.ENGINE != null;
    }

    static engine engine() {
        if (Holder.ENGINE == null) {
            throw new IllegalStateException("JavaCPP's dnnl library did not load (is org.bytedeco:dnnl:linux-x86_64 on "
                    + "the classpath?)");
        }
        return Holder.ENGINE;
    }

    /**
     * An array whose strides are the c-order strides of its shape, so its buffer (from its offset) can be handed
     * to oneDNN as a plain layout. The ordering flag is not consulted: ND4J marks some such arrays 'f' (a rank-1
     * parameter view, for example), and the strides alone decide the layout.
     */
    static boolean contiguous(INDArray a) {
        return Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
    }

    /** The array itself when {@link #contiguous}, else a c-order copy. */
    static INDArray plain(INDArray a) {
        return contiguous(a) ? a : a.dup('c');
    }

    /** The address of an array's first element, as oneDNN takes a data handle. */
    static Pointer address(INDArray a) {
        long at = a.data().address() + a.offset() * a.dataType().width();
        return new Pointer() {
            {
                address = at;
            }
        };
    }

    /**
     * The native objects made for one purpose (a layer's plan for one shape), freed together by {@link #close}.
     * oneDNN allocates its memories itself, so the JVM does not see their size and would free them only when a
     * garbage collection happens to find them; a sweep trains a network after another, and releases each one's
     * plans when its run ends ({@link OneDnnHelpers#release}).
     */
    static final class Natives implements AutoCloseable {
        private final List<Pointer> owned = new ArrayList<>();

        <T extends Pointer> T own(T p) {
            owned.add(p);
            return p;
        }

        @Override
        public void close() {
            for (int i = owned.size() - 1; i >= 0; i--) {
                owned.get(i).close();
            }
            owned.clear();
        }
    }

    /**
     * A primitive's argument: the plain memory pointed at DL4J's array on each call, and, when the primitive
     * runs in another layout, the memory in that layout and the reorder between the two (plain to chosen for an
     * input, chosen to plain for an output).
     */
    static final class Operand {
        final memory plain;
        final memory inner;
        private final primitive reorder;
        private final IntMemoryMap reorderArgs;

        /** @param natives where the operand's memories and reorder are registered for freeing */
        Operand(Natives natives, memory.desc plainDesc, memory.desc chosen, boolean input) {
            engine e = engine();
            reorderArgs = natives.own(new IntMemoryMap());
            plain = natives.own(new memory(plainDesc, e, (Pointer) null));
            if (plainDesc.equals(chosen)) {
                inner = plain;
                reorder = null;
            } else {
                inner = natives.own(new memory(chosen, e));
                reorder = natives.own(input ? new reorder(plain, inner) : new reorder(inner, plain));
                reorderArgs.put(dnnl.DNNL_ARG_FROM, input ? plain : inner);
                reorderArgs.put(dnnl.DNNL_ARG_TO, input ? inner : plain);
            }
        }

        void bind(INDArray a) {
            plain.set_data_handle(address(a));
        }

        /** Points the plain memory at an input array and brings it into the chosen layout. */
        void in(stream s, INDArray a) {
            bind(a);
            if (reorder != null) {
                reorder.execute(s, reorderArgs);
            }
        }

        /** Brings an output from the chosen layout into the plain array it was bound to. */
        void out(stream s) {
            if (reorder != null) {
                reorder.execute(s, reorderArgs);
            }
        }
    }
}
