package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.descent.loss.AbsoluteError;
import dev.descent.loss.Hinge;
import dev.descent.loss.Huber;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.loss.Quantile;
import dev.descent.loss.ScalarLoss;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The passes' warm-up runs on a thread of its own, where whatever it threw would end it with a stack trace on the
 * user's terminal: its made-up rows and targets must suit every scalar loss that fit may give it.
 */
class PassWarmUpTest {
    @Test
    void runsEveryScalarLoss() {
        for (ScalarLoss loss : List.of(Loss.mse(), Loss.sse(), new Huber(1), new Quantile(0.9), new AbsoluteError(),
                new Logistic(), new Hinge())) {
            assertDoesNotThrow(() -> PassWarmUp.run(loss), loss.name());
        }
    }
}
