package dev.descent.io;

/** What a model file holds: a linear model ({@link SavedModel}) or a formula ({@link SavedFormula}). */
public sealed interface SavedFile permits SavedModel, SavedFormula {
}
