package dev.descent.cli;

import dev.descent.loss.Loss;

/** The values of {@code --loss} for the commands about the lesson's squared error. */
enum SquaredLossOption {
    mse(Loss.mse(), "MSE"), sse(Loss.sse(), "SSE");

    final Loss loss;
    final String label;

    SquaredLossOption(Loss loss, String label) {
        this.loss = loss;
        this.label = label;
    }
}
