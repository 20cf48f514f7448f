package dev.descent.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.Standardization;
import dev.descent.model.LinearModel;
import dev.descent.optim.OptimizerState;

/**
 * Everything a model file holds.
 *
 * @param model           the fitted model, on the original scale of the features
 * @param target          the name of the target it predicts
 * @param loss            the loss it was fitted with, such as {@code mse} or {@code logistic} (a
 *                        classification loss makes its output a score for class 1)
 * @param standardization how the features were standardised for training, or null
 * @param optimizer       the optimizer's name, or null when the model was solved exactly
 * @param state           the optimizer's state at the end of training (to continue it), or null
 * @param training        how it was trained: settings, data fingerprint, seed, epochs, final loss,
 *                        stopping reason; stored and read back as given
 */
public record SavedModel(LinearModel model, String target, String loss, Standardization standardization,
                         String optimizer, OptimizerState state, ObjectNode training) {
}
