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
        chosen.over(new double[1 << 16], 2); // the first loops over enough doubles start their warm-up
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!chosen.warm() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(chosen.warm(), DenseKernel.choice());
        assertTrue(DenseKernel.choice().startsWith(DenseKernel.vector().orElseThrow().description()), DenseKernel.choice());
    }

    @Test
    void fallsBackToPlainJavaWithoutTheModuleAndWhenTold() throws Exception {
        assertEquals("PlainKernel", chosenInAJvmWith(List.of()));
        assertEquals("PlainKernel",
                chosenInAJvmWith(List.of("--add-modules", "jdk.incubator.vector", "-Ddescent.kernel=plain")));
        assertEquals("WarmingKernel", chosenInAJvmWith(List.of("--add-modules", "jdk.incubator.vector")));
    }

    /** The chosen kernel's class, as a fresh JVM with these options names it. */
    private static String chosenInAJvmWith(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintChosen.class.getName()));
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
}
