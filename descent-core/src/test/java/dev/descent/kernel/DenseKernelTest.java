package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which kernel the passes take: the Vector API's once compiled when the JVM has the module, plain Java otherwise or when told. */
class DenseKernelTest {
    @Test
    void takesTheVectorApiOnceTheJitHasCompiledIt() throws InterruptedException {
        // The build runs the tests as the launcher runs the command: with --add-modules jdk.incubator.vector.
        WarmingKernel chosen = assertInstanceOf(WarmingKernel.class, DenseKernel.chosen());
        // A second pass over enough doubles starts the warm-up.
        double[] x = new double[1 << 16];
        RowLoops loops = chosen.over(x, 4);
        Class<?> vectorLoops = DenseKernel.vector().orElseThrow().over(x, 4).getClass();
        for (int pass = 0; pass < 2; pass++) {
            loops.predict(0, 1 << 14, new double[4], new double[1 << 14]);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!chosen.warm() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(chosen.warm(), DenseKernel.choice());
        assertTrue(DenseKernel.choice().startsWith(DenseKernel.vector().orElseThrow().description()), DenseKernel.choice());
        // A pass takes the vector loops for its blocks from now on, and calls them straight.
        assertEquals(vectorLoops, loops.forBlock(1 << 14).getClass());
    }

    @Test
    void takesTheVectorApiOverFloatsOnceItMeasuresFaster() throws InterruptedException {
        WarmingKernel chosen = assertInstanceOf(WarmingKernel.class, DenseKernel.chosen());
        chosen.over(new float[1 << 16], 8);
        chosen.settle(); // starts the warm-up of the loops asked for, and waits until it switches or gives up
        assertTrue(chosen.warmOverFloats(), chosen.description());
    }

    @Test
    void rowsNarrowerThanOneVectorAndSmallDataStayPlain() {
        Class<?> plainLoops = DenseKernel.plain().over(new double[2], 2).getClass();
        assertEquals(plainLoops, DenseKernel.chosen().over(new double[1 << 20], 3).getClass());
        assertEquals(plainLoops, DenseKernel.chosen().over(new double[1000 * 8], 8).getClass());
        assertTrue(plainLoops != DenseKernel.chosen().over(new double[1 << 20], 4).getClass());
    }

    @Test
    void fallsBackToPlainJavaWithoutTheModuleAndWhenTold() throws Exception {
        assertEquals("PlainKernel", chosenInAJvmWith(List.of()));
        assertEquals("PlainKernel",
                chosenInAJvmWith(List.of("--add-modules", "jdk.incubator.vector", "-Ddescent.kernel=plain")));
        assertEquals("WarmingKernel", chosenInAJvmWith(List.of("--add-modules", "jdk.incubator.vector")));
    }

    @Test
    void startsTheWarmUpWithTheSecondPass() throws Exception {
        // A fresh JVM: the warm-up is JVM-wide, and the tests before this one may have started it here.
        List<String> states = List.of(inAJvmWith(List.of("--add-modules", "jdk.incubator.vector"), PrintWarmUp.class)
                .split("\\R"));
        assertEquals(5, states.size(), states.toString());
        String waiting = "once the JIT has compiled it, plain Java until then";
        assertTrue(states.get(0).endsWith(waiting), "the passes' warm-up run: " + states.get(0));
        assertTrue(states.get(1).endsWith(waiting), "loops made: " + states.get(1));
        assertEquals(DenseKernel.plain().over(new double[4], 4).getClass().getName(), states.get(2),
                "the loops a block runs with, before the Vector API's warm-up");
        assertTrue(states.get(3).endsWith(waiting), "one pass: " + states.get(3));
        assertTrue(states.get(4).contains("while the JIT compiles"), "the second pass begun: " + states.get(4));
    }

    @Test
    void startsTheWarmUpOfATypeBeforeAnyDataSetWhenTold() throws Exception {
        List<String> states = List.of(inAJvmWith(List.of("--add-modules", "jdk.incubator.vector"), PrintEarlyWarmUp.class)
                .split("\\R"));
        assertEquals(2, states.size(), states.toString());
        assertTrue(states.get(0).endsWith("once the JIT has compiled it, plain Java until then"), states.get(0));
        assertTrue(states.get(1).contains("over floats while the JIT compiles"), states.get(1));
    }

    /** The chosen kernel's class, as a fresh JVM with these options names it. */
    private static String chosenInAJvmWith(List<String> options) throws IOException, InterruptedException {
        return inAJvmWith(options, PrintChosen.class);
    }

    /** What {@code main} prints in a fresh JVM with these options. */
    private static String inAJvmWith(List<String> options, Class<?> main) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), out);
        return out;
    }

    /** Prints the chosen kernel, and runs a small pass with it, so that a kernel that fails to link shows. */
    static final class PrintChosen {
        public static void main(String[] args) {
            double[] gradient = new double[2];
            new LinearPass(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 6, 8, 10}, 1, true)
                    .lossAndGradient(new double[] {2, 0}, dev.descent.loss.Loss.sse(), gradient);
            if (gradient[0] != 0 || gradient[1] != 0) {
                throw new AssertionError("y = 2x at w = 2, b = 0 must have a zero gradient");
            }
            System.out.println(DenseKernel.chosen().getClass().getSimpleName());
        }
    }

    /** Prints the chosen kernel's state, then again once told to warm up its loops over floats, no data set made. */
    static final class PrintEarlyWarmUp {
        public static void main(String[] args) {
            System.out.println(DenseKernel.chosen().description());
            DenseKernel.chosen().warmUp(true);
            System.out.println(DenseKernel.chosen().description());
        }
    }

    /**
     * Prints the chosen kernel's state after the passes' warm-up (its made-up passes must not count as passes over a
     * data set), once loops over enough doubles are made, the loops they hand a block, and the state after a pass and
     * as a second begins.
     */
    static final class PrintWarmUp {
        public static void main(String[] args) {
            PassWarmUp.run(dev.descent.loss.Loss.mse());
            System.out.println(DenseKernel.chosen().description());
            int n = 1 << 14;
            RowLoops loops = DenseKernel.chosen().over(new double[4 * n], 4);
            System.out.println(DenseKernel.chosen().description());
            System.out.println(loops.forBlock(0).getClass().getName()); // a block of no rows counts nothing
            loops.predict(0, n, new double[4], new double[n]);
            System.out.println(DenseKernel.chosen().description());
            loops.predict(0, 4, new double[4], new double[4]);
            System.out.println(DenseKernel.chosen().description());
        }
    }
}
