package dev.descent.cli;

import dev.descent.loss.Loss;

/** The values of {@code --loss}. */
enum LossOption {
    mse(Loss.mse(), "MSE"), sse(Loss.sse(), "SSE");

    final Loss loss;
    final String label;

    LossOption(Loss loss, String label) {
        this.loss = loss;
        this.label = label;
    }
}
