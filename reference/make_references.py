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
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.linear_model import Lasso, LogisticRegression, Ridge
from sklearn.metrics import (accuracy_score, f1_score, log_loss, mean_absolute_error, mean_squared_error,
                             precision_score, r2_score, recall_score, roc_auc_score)

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
    ridge_and_lasso()
