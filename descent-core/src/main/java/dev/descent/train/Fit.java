package dev.descent.train;

import dev.descent.model.Model;
import dev.descent.optim.OptimizerState;

/**
 * What training produced.
 *
 * @param model      the fitted model (with early stopping, the one with the best validation loss)
 * @param history    the loss and parameters after every epoch
 * @param trainer    the configuration that produced this fit
 * @param stopReason why training stopped
 * @param state      the optimizer's state at the end, to continue training from
 * @param last       the parameters at the end, which {@code state} belongs to (with early stopping
 *                   they differ from {@code model}'s): a resumed run starts from them
 */
public record Fit(Model model, History history, Trainer trainer, StopReason stopReason, OptimizerState state,
                  double[] last) {

    /** The number of epochs that ran. */
    public int epochs() {
        return history.epochs();
    }
}
