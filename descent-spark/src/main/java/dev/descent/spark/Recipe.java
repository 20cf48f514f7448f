package dev.descent.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * How an executor makes what the driver has (a loss, a model's form): the core's objects are not serializable, so
 * a task carries a recipe, such as {@code () -> Loss.mse()}, and makes its own.
 */
@FunctionalInterface
public interface Recipe<T> extends Supplier<T>, Serializable {
}
