import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.bench.LayerProfile;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How many deallocator records ND4J registers per training step of one architecture (batch 128 of random 14x14
 * images, 50 warm-up steps, then 100 counted), and where: ND4J gives every data buffer it creates, views and
 * workspace arrays included, a record in its DeallocatorService (a map entry, a reference, a string id) that
 * lives until a garbage collection finds the buffer unreachable, so each record outlives at least one
 * collection. Prints the records per step by the first calling frame outside ND4J, JavaCPP and the JDK.
 * Reads ND4J's private fields by reflection: a measuring tool, not library code. BENCHMARKS.md, issue 19, round 9.
 *   source bin/common.sh && er_ensure_built && java $JVM_FLAGS -cp "$(er_classpath)" bench/DeallocatorRecords.java ARCH
 */
public class DeallocatorRecords {
    public static void main(String[] a) throws Exception {
        ComputationGraph net = LayerProfile.attached(LayerProfile.cell(a[0]), 0.05);
        DataSet d = LayerProfile.batch();
        for (int i = 0; i < 50; i++) {
            net.fit(d);
        }
        Object service = Nd4j.getDeallocatorService();
        var counter = service.getClass().getDeclaredField("counter");
        counter.setAccessible(true);
        var mapField = service.getClass().getDeclaredField("referenceMap");
        mapField.setAccessible(true);
        Map<String, Integer> sites = new ConcurrentHashMap<>();
        @SuppressWarnings("unchecked")
        Map<Object, Object> old = (Map<Object, Object>) mapField.get(service);
        Thread trainer = Thread.currentThread();
        mapField.set(service, new ConcurrentHashMap<Object, Object>(old) {
            @Override
            public Object put(Object k, Object v) {
                if (Thread.currentThread() == trainer) {
                    sites.merge(site(new Throwable().getStackTrace()), 1, Integer::sum);
                }
                return super.put(k, v);
            }
        });
        long before = ((AtomicLong) counter.get(service)).get();
        int steps = 100;
        for (int i = 0; i < steps; i++) {
            net.fit(d);
        }
        long after = ((AtomicLong) counter.get(service)).get();
        sites.entrySet().stream().sorted((p, q) -> q.getValue() - p.getValue()).limit(25)
                .forEach(e -> System.out.printf("%7.1f  %s%n", e.getValue() / (double) steps, e.getKey()));
        System.out.printf("deallocator records per step: %.1f%n", (after - before) / (double) steps);
    }

    private static String site(StackTraceElement[] st) {
        for (int i = 0; i < st.length; i++) {
            String c = st[i].getClassName();
            if (!(c.startsWith("org.nd4j") || c.startsWith("org.bytedeco") || c.startsWith("java.")
                    || c.startsWith("DeallocatorRecords"))) {
                return simple(st[i]) + (i + 1 < st.length ? " <- " + simple(st[i + 1]) : "");
            }
        }
        return "(no caller outside ND4J)";
    }

    private static String simple(StackTraceElement e) {
        String c = e.getClassName();
        return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName() + ":" + e.getLineNumber();
    }
}
