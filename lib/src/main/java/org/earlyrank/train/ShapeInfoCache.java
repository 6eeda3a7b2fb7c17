package org.earlyrank.train;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.ShapeInfoProvider;
import org.nd4j.linalg.cpu.nativecpu.DirectShapeInfoProvider;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's shape-information cache on the CPU backend, switched on for the calls that ND4J 1.0.0-M2.1 leaves
 * uncached.
 *
 * <p>Why: every ND4J array, views included, needs a shape-information buffer. The CPU backend's
 * {@link DirectShapeInfoProvider} caches them, but only in the overload that takes packed "extras"; every
 * {@code BaseNDArray} constructor calls the overload with a data type and an "empty" flag, which
 * {@code BaseShapeInfoProvider} implements without the cache. So each new array or view makes a JNI call,
 * allocates two JavaCPP pointers (each registered with JavaCPP's deallocator, which reads the process's
 * resident size from /proc under a global lock) and copies the result back: about 20-30 microseconds (3 with
 * the cache), and a training step of EarlyRank's small networks creates a few thousand (DL4J's updater alone
 * makes parameter and gradient views per variable per step). With the cache a step of the default sweep's networks is 1.22-1.27x
 * faster (in-process A/B, BENCHMARKS.md, "Issue 19, round 4").
 *
 * <p>Same result: libnd4j already keeps every shape buffer as a constant ({@code ConstantShapeHelper}); the
 * buffer handed back for a given (shape, stride, element-wise stride, order, data type, empty) is a view of that
 * constant, flagged constant by ND4J. This cache hands back the same buffer for the same key instead of asking
 * again, as DirectShapeInfoProvider does for its other overload. Bounded (a sweep's networks need a few
 * thousand keys); past the bound it asks libnd4j as before.
 *
 * <p>Installed per JVM by {@link #install()} (from {@link OneDnnHelpers#attach}), on the CPU backend only:
 * ND4J reads its provider class from the backend's properties file, so the field is set by reflection.
 */
public final class ShapeInfoCache extends DirectShapeInfoProvider {
    /** Keys kept at most; each holds a shape buffer of a few dozen bytes (libnd4j's constant) and its key. */
    static final int MAX_ENTRIES = 50_000;
    private static final Object LOCK = new Object();
    /** ND4J's own provider, kept for {@link #uninstall()}, and the one cache of this JVM. */
    private static ShapeInfoProvider original;
    private static ShapeInfoCache instance;

    private final ConcurrentHashMap<Key, Pair<DataBuffer, long[]>> cache = new ConcurrentHashMap<>();

    /** One request: shape, stride, element-wise stride, order, data type, empty. */
    private record Key(long[] shape, long[] stride, long ews, char order, DataType type, boolean empty) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.ews == ews && k.order == order && k.type == type && k.empty == empty
                    && Arrays.equals(k.shape, shape) && Arrays.equals(k.stride, stride);
        }

        @Override
        public int hashCode() {
            return ((Arrays.hashCode(shape) * 31 + Arrays.hashCode(stride)) * 31 + Long.hashCode(ews)) * 31
                    + order * 7 + type.ordinal() * 2 + (empty ? 1 : 0);
        }
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, DataType dataType, boolean empty) {
        Pair<DataBuffer, long[]> hit = cache.get(new Key(shape, stride, elementWiseStride, order, dataType, empty));
        if (hit != null) {
            return hit;
        }
        Pair<DataBuffer, long[]> made =
                super.createShapeInformation(shape, stride, elementWiseStride, order, dataType, empty);
        if (cache.size() >= MAX_ENTRIES) {
            return made;
        }
        // the key keeps copies: callers may reuse their shape and stride arrays
        Key key = new Key(shape.clone(), stride.clone(), elementWiseStride, order, dataType, empty);
        Pair<DataBuffer, long[]> raced = cache.putIfAbsent(key, made);
        return raced != null ? raced : made;
    }

    /** Keys held now. */
    public int size() {
        return cache.size();
    }

    /**
     * Makes this cache ND4J's shape-information provider, once per JVM, when ND4J runs on the CPU backend with
     * its own DirectShapeInfoProvider. Idempotent and thread-safe.
     *
     * @return true when the cache is in place after the call
     */
    public static boolean install() {
        synchronized (LOCK) {
            ShapeInfoProvider now = Nd4j.getShapeInfoProvider();
            if (now instanceof ShapeInfoCache) {
                return true;
            }
            if (now == null || now.getClass() != DirectShapeInfoProvider.class) {
                return false;
            }
            original = now;
            if (instance == null) {
                instance = new ShapeInfoCache();
            }
            set(instance);
            return true;
        }
    }

    /** Puts ND4J's own provider back (for A/B benchmarks and tests); a no-op when the cache is not installed. */
    public static void uninstall() {
        synchronized (LOCK) {
            if (original != null && Nd4j.getShapeInfoProvider() instanceof ShapeInfoCache) {
                set(original);
            }
        }
    }

    /** True when ND4J's provider is this cache. */
    public static boolean installed() {
        return Nd4j.getShapeInfoProvider() instanceof ShapeInfoCache;
    }

    private static void set(ShapeInfoProvider p) {
        try {
            Field f = Nd4j.class.getDeclaredField("shapeInfoProvider");
            f.setAccessible(true);
            f.set(null, p);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set ND4J's shape-information provider (ND4J version changed?)", e);
        }
    }
}
