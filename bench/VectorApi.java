import jdk.incubator.vector.*;
/**
 * What JDK 17's incubating Vector API would give the Java loops C2 leaves scalar (BENCHMARKS.md, issue 19, round
 * 7): batch norm's per-block sums over a [128, 8, 14x14] map (four scalar accumulators, as JavaBatchNormHelper,
 * against 8-lane vectors: another summation order, so not bit for bit) and average pooling's 3-tap row pass
 * (the same additions, bit for bit). Not used by EarlyRank: every JVM would need the module flag.
 *   java --add-modules jdk.incubator.vector bench/VectorApi.java
 */
public class VectorApi {
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_256;
    static float blockSum(float[] x, int from, int len) { float s0=0,s1=0,s2=0,s3=0; int j=from,end=from+len; for(;j+3<end;j+=4){s0+=x[j];s1+=x[j+1];s2+=x[j+2];s3+=x[j+3];} for(;j<end;j++) s0+=x[j]; return (s0+s1)+(s2+s3);}
    static float vecSum(float[] x, int from, int len) { FloatVector acc = FloatVector.zero(SP); int j=0; int up = SP.loopBound(len); for(;j<up;j+=SP.length()) acc = acc.add(FloatVector.fromArray(SP, x, from+j)); float s = acc.reduceLanes(VectorOperators.ADD); for(;j<len;j++) s+=x[from+j]; return s;}
    static void h3(float[] src, float[] rows, int n) { for (int i = 1; i < n - 1; i++) rows[i] = src[i - 1] + src[i] + src[i + 1]; }
    static void h3v(float[] src, float[] rows, int n) { int i=1; int up = 1 + SP.loopBound(n-2); for(;i<up;i+=SP.length()){ FloatVector a=FloatVector.fromArray(SP,src,i-1), b=FloatVector.fromArray(SP,src,i), c=FloatVector.fromArray(SP,src,i+1); a.add(b).add(c).intoArray(rows,i);} for(;i<n-1;i++) rows[i]=src[i-1]+src[i]+src[i+1]; }
    public static void main(String[] a) {
        int n=128, ch=8, hw=196, len=n*ch*hw; float[] x=new float[len], y=new float[len]; for(int i=0;i<len;i++) x[i]=(float)Math.sin(i);
        for(int r=0;r<5;r++){ int it=1000; double s1=0,s2=0;
            long t0=System.nanoTime(); for(int i=0;i<it;i++) for(int b=0;b<n*ch;b++) s1+=blockSum(x,b*hw,hw);
            long t1=System.nanoTime(); for(int i=0;i<it;i++) for(int b=0;b<n*ch;b++) s2+=vecSum(x,b*hw,hw);
            long t2=System.nanoTime(); for(int i=0;i<it;i++) h3(x,y,len);
            long t3=System.nanoTime(); for(int i=0;i<it;i++) h3v(x,y,len);
            long t4=System.nanoTime();
            if(r==4) System.out.printf("sum over [128,8,14x14] blocks: scalar x4 %.3f ms, vector %.3f ms; 3-tap row pass: scalar %.3f ms, vector %.3f ms%n",(t1-t0)/1e6/it,(t2-t1)/1e6/it,(t3-t2)/1e6/it,(t4-t3)/1e6/it);}
    }
}
