#!/usr/bin/python3
"""Writes the peer-library references that Descent's tests compare against.

Run with Debian's Python (apt-get install python3-sklearn): /usr/bin/python3 reference/make_references.py
It writes into descent-core/src/test/resources/reference/: the data sets (features standardised
here, with numpy, so that Descent's own standardisation is not what is being checked) and what
scikit-learn finds on them, solved to high precision. Descent's objective conventions differ from
scikit-learn's; each conversion is written out below.
"""
import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.linear_model import Lasso, LogisticRegression, Ridge
from sklearn.metrics import (accuracy_score, f1_score, log_loss, mean_absolute_error, mean_squared_error,
                             precision_recall_fscore_support, precision_score, r2_score, recall_score,
                             roc_auc_score)

OUT = os.path.join(os.path.dirname(__file__), "..", "descent-core", "src", "test", "resources", "reference")


def standardise(x):
    return (x - x.mean(axis=0)) / x.std(axis=0)  # population standard deviation, as Descent uses


def write_csv(name, x, y, target):
    header = ",".join([f"x{j + 1}" for j in range(x.shape[1])] + [target])
    np.savetxt(os.path.join(OUT, name), np.column_stack([x, y]), delimiter=",", header=header, comments="",
               fmt="%.17g")


def write_json(name, value):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def logistic():
    data = load_breast_cancer()
    x, y = standardise(data.data), data.target.astype(float)
    n = len(y)
    l2 = 0.01
    # scikit-learn: C * sum(log-loss) + ||w||^2 / 2.  Descent: mean(log-loss) + l2/2 ||w||^2.
    # Dividing scikit-learn's objective by C n gives Descent's with l2 = 1 / (C n).
    model = LogisticRegression(C=1 / (l2 * n), solver="newton-cholesky", tol=1e-14, max_iter=1000)
    model.fit(x, y)
    z = x @ model.coef_[0] + model.intercept_[0]
    objective = np.mean(np.logaddexp(0, z) - y * z) + l2 / 2 * np.sum(model.coef_[0] ** 2)
    write_csv("breast_cancer.csv", x, y, "benign")
    p = model.predict_proba(x)[:, 1]
    labels = model.predict(x)
    write_json("breast_cancer_logistic.json", {
        "source": "scikit-learn %s LogisticRegression(solver='newton-cholesky', tol=1e-14)" % __import__("sklearn").__version__,
        "l2": l2, "weights": model.coef_[0].tolist(), "bias": float(model.intercept_[0]), "objective": float(objective),
        "metrics": {"log_loss": log_loss(y, p), "accuracy": accuracy_score(y, labels),
                    "precision": precision_score(y, labels), "recall": recall_score(y, labels),
                    "f1": f1_score(y, labels), "roc_auc": roc_auc_score(y, p)}})


def softmax():
    data = load_iris()
    # Shuffled, so that the first label in the file is not the first in sorted order.
    order = np.random.default_rng(7).permutation(len(data.target))
    x, y = standardise(data.data[order]), data.target[order]
    labels = np.array(data.target_names)[y]
    n = len(y)
    l2 = 0.01
    # As for the binary case: scikit-learn's C * sum(cross-entropy) + ||W||^2 / 2, divided by C n, is
    # Descent's mean(cross-entropy) + l2/2 ||W||^2 with l2 = 1 / (C n). The biases are not penalised.
    model = LogisticRegression(C=1 / (l2 * n), multi_class="multinomial", solver="newton-cg", tol=1e-14, max_iter=10000)
    model.fit(x, labels)
    z = x @ model.coef_.T + model.intercept_
    log_p = z - np.logaddexp.reduce(z, axis=1, keepdims=True)
    objective = -np.mean(log_p[np.arange(n), y]) + l2 / 2 * np.sum(model.coef_ ** 2)
    header = ",".join([f"x{j + 1}" for j in range(x.shape[1])] + ["species"])
    with open(os.path.join(OUT, "iris.csv"), "w") as f:
        f.write(header + "\n")
        for row, label in zip(x, labels):
            f.write(",".join("%.17g" % v for v in row) + "," + label + "\n")
    p = model.predict_proba(x)
    predicted = model.predict(x)
    precision, recall, f1, support = precision_recall_fscore_support(labels, predicted)
    write_json("iris_softmax.json", {
        "source": "scikit-learn %s LogisticRegression(multi_class='multinomial', solver='newton-cg', tol=1e-14)"
                  % __import__("sklearn").__version__,
        "l2": l2, "classes": model.classes_.tolist(), "weights": model.coef_.tolist(),
        "bias": model.intercept_.tolist(), "objective": float(objective),
        "probabilities": p.tolist(),
        "metrics": {"log_loss": log_loss(labels, p), "accuracy": accuracy_score(labels, predicted),
                    "precision": precision_score(labels, predicted, average="macro"),
                    "recall": recall_score(labels, predicted, average="macro"),
                    "f1": f1_score(labels, predicted, average="macro"),
                    "roc_auc": roc_auc_score(labels, p, multi_class="ovr", average="macro"),
                    "per_class": {c: {"precision": precision[k], "recall": recall[k], "f1": f1[k],
                                      "support": int(support[k])} for k, c in enumerate(model.classes_)}}})


def ridge_and_lasso():
    data = load_diabetes(scaled=False)
    x, y = standardise(data.data), data.target.astype(float)
    n = len(y)
    l2 = 0.5
    # scikit-learn Ridge: ||y - Xw - b||^2 + alpha ||w||^2.  Descent: mean squared error + l2/2 ||w||^2,
    # which is scikit-learn's divided by n with alpha = n l2 / 2.
    ridge = Ridge(alpha=n * l2 / 2, solver="cholesky").fit(x, y)
    l1 = 2.0
    # scikit-learn Lasso: ||y - Xw - b||^2 / (2n) + alpha ||w||_1.  Descent: mean squared error + l1 ||w||_1,
    # which is twice scikit-learn's with alpha = l1 / 2.
    lasso = Lasso(alpha=l1 / 2, tol=1e-14, max_iter=1_000_000).fit(x, y)
    write_csv("diabetes.csv", x, y, "progression")
    version = __import__("sklearn").__version__
    predicted = ridge.predict(x)
    write_json("diabetes_ridge.json", {"source": "scikit-learn %s Ridge(solver='cholesky')" % version, "l2": l2,
                                       "weights": ridge.coef_.tolist(), "bias": float(ridge.intercept_),
                                       "metrics": {"mse": mean_squared_error(y, predicted),
                                                   "rmse": mean_squared_error(y, predicted) ** 0.5,
                                                   "mae": mean_absolute_error(y, predicted), "r2": r2_score(y, predicted)}})
    write_json("diabetes_lasso.json", {"source": "scikit-learn %s Lasso(tol=1e-14)" % version, "l1": l1,
                                       "weights": lasso.coef_.tolist(), "bias": float(lasso.intercept_)})


if __name__ == "__main__":
    logistic()
    softmax()
    ridge_and_lasso()
