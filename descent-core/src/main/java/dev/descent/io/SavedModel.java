package dev.descent.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.Standardization;
import dev.descent.model.LinearModel;
import dev.descent.optim.OptimizerState;

/**
 * Everything a model file holds.
 *
 * @param model           the fitted model, on the original scale of the features
 * @param degree          1, or K when the features are x, x^2, ..., x^K of one column (the first feature's name)
 * @param target          the name of the target it predicts
 * @param loss            the loss it was fitted with, such as {@code mse} or {@code logistic} (a
 *                        classification loss makes its output a score for class 1)
 * @param standardization how the features were standardised for training, or null
 * @param optimizer       the optimizer's name, or null when the model was solved exactly
 * @param state           the optimizer's state at the end of training (to continue it), or null
 * @param resumeFrom      the parameters that state belongs to, in the space training ran in (standardised
 *                        or not), so that a resumed run continues bit for bit; null with no state
 * @param training        how it was trained: settings, data fingerprint, seed, epochs, final loss,
 *                        stopping reason; stored and read back as given
 */
public record SavedModel(LinearModel model, int degree, String target, String loss, Standardization standardization,
                         String optimizer, OptimizerState state, double[] resumeFrom, ObjectNode training)
        implements SavedFile {
}
