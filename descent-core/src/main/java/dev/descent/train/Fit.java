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
 */
public record Fit(Model model, History history, Trainer trainer, StopReason stopReason, OptimizerState state) {

    /** The number of epochs that ran. */
    public int epochs() {
        return history.epochs();
    }
}
