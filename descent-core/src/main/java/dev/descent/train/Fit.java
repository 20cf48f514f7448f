package dev.descent.train;

import dev.descent.model.Model;

/**
 * What training produced: the fitted model, the path it took, and the trainer that made it.
 *
 * @param model   the model after the last epoch
 * @param history the loss and parameters after every epoch
 * @param trainer the configuration that produced this fit
 */
public record Fit(Model model, History history, Trainer trainer) {
}
