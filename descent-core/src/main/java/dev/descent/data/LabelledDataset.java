package dev.descent.data;

/**
 * A data set whose target is a class index, with the labels those indices stand for.
 *
 * @param data    the features, and the class index 0..k-1 of every row as its target
 * @param classes the label of each class index
 */
public record LabelledDataset(Dataset data, ClassLabels classes) {
}
