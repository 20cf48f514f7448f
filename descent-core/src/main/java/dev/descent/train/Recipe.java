package dev.descent.train;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * How another process makes what this one has (a loss, a model's form): the core's objects are not serializable, so
 * a task sent to a Spark executor carries a recipe, such as {@code () -> Loss.mse()}, and makes its own.
 */
@FunctionalInterface
public interface Recipe<T> extends Supplier<T>, Serializable {
}
