package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What bench reports, at a tiny size: the storage and its bytes, the kernel it timed. No timing is asserted. */
class BenchCommandTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"chosen, Vector API", "plain, plain Java", "vector, Vector API"})
    void timesTheKernelItIsToldTo(String kernel, String described) throws Exception {
        // The build runs the tests with the Vector API's module, as the launcher runs the command.
        Run run = Run.descent("bench", "--n", "20003", "--d", "7", "--repeats", "1", "--format", "json", "--kernel", kernel);
        assertEquals(0, run.exitCode(), run.err());
        String reported = new ObjectMapper().readTree(run.out()).get("kernel").asText();
        assertTrue(reported.startsWith(described), reported);
    }

    @ParameterizedTest(name = "--n {0} --d {1}")
    @CsvSource({"1003, 7, 'fewer than 65536 values'", "30001, 3, 'rows of fewer than 4 features'"})
    void saysWhenTheChosenKernelLeavesTheDataToPlainJava(int n, int d, String why) throws Exception {
        Run run = Run.descent("bench", "--n", String.valueOf(n), "--d", String.valueOf(d), "--repeats", "1", "--format",
                "json");
        assertEquals(0, run.exitCode(), run.err());
        String kernel = new ObjectMapper().readTree(run.out()).get("kernel").asText();
        assertTrue(kernel.startsWith("plain Java: ") && kernel.contains(why), kernel);
        assertTrue(kernel.endsWith("the rows in one block, on one thread"), kernel);
    }

    @ParameterizedTest(name = "--threads {0}")
    @CsvSource({"1, '3 row blocks claimed by 1 thread'", "2, '3 row blocks claimed by 2 threads'"})
    void namesTheThreadsThatClaimedBlocks(int threads, String expected) throws Exception {
        // 30,001 x 7 values: three blocks of at least 65,536.
        Run run = Run.descent("bench", "--n", "30001", "--d", "7", "--repeats", "1", "--format", "json", "--threads",
                String.valueOf(threads));
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        int used = Math.min(threads, Runtime.getRuntime().availableProcessors());
        assertEquals(used, json.get("threads").asInt());
        if (used == threads) {
            assertTrue(json.get("kernel").asText().endsWith(expected), json.get("kernel").asText());
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"'', double, 8", "--float, float32, 4"})
    void reportsTheStorageAndTheBytesItReads(String option, String storage, int bytesPerValue) throws Exception {
        String[] args = option.isEmpty()
                ? new String[] {"bench", "--n", "1003", "--d", "7", "--repeats", "3", "--format", "json"}
                : new String[] {"bench", "--n", "1003", "--d", "7", "--repeats", "3", "--format", "json", option};
        Run run = Run.descent(args);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(storage, json.get("storage").asText());
        assertEquals(1003L * 7 * bytesPerValue, json.get("bytes").asLong());
        for (String key : new String[] {"epoch_seconds", "floor_seconds", "bandwidth_gbs", "ratio", "epoch_gbs"}) {
            assertTrue(json.get(key).asDouble() > 0, key + " in " + run.out());
        }
        // What follows from the timings whatever they are: the figures must be the timings' own consequences.
        double epoch = json.get("epoch_seconds").asDouble();
        double floor = json.get("floor_seconds").asDouble();
        double bytes = json.get("bytes").asDouble();
        assertEquals(epoch / floor, json.get("ratio").asDouble(), 1e-12 * epoch / floor);
        assertEquals(bytes / epoch / 1e9, json.get("epoch_gbs").asDouble(), 1e-12 * bytes / epoch / 1e9);
        assertEquals(bytes / floor / 1e9, json.get("bandwidth_gbs").asDouble(), 1e-12 * bytes / floor / 1e9);
        assertTrue(json.get("epoch_seconds_min").asDouble() <= epoch && epoch <= json.get("epoch_seconds_max").asDouble());
        assertEquals(3, json.get("repeats").asInt());
    }
}
