package dev.descent.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.model.FormulaModel;
import dev.descent.optim.OptimizerState;

/**
 * Everything a formula model's file holds.
 *
 * @param model      the fitted formula with its parameter values
 * @param target     the name of the target it predicts
 * @param loss       the loss it was fitted with, such as {@code mse}
 * @param optimizer  the optimizer's name ({@code lm} for Levenberg-Marquardt)
 * @param state      the optimizer's state at the end of training (to continue it), or null
 * @param training   how it was trained, stored and read back as given
 */
public record SavedFormula(FormulaModel model, String target, String loss, String optimizer, OptimizerState state,
                           ObjectNode training) implements SavedFile {
}
