package io.credence.training.eval;

/**
 * L2-regularised logistic regression fitted by Newton-Raphson (iteratively reweighted least
 * squares) on an encoded matrix. The intercept is not penalised. Baseline for the networks.
 *
 * <p>Minimises {@code sum_i logloss(y_i, sigmoid(b + x_i . w)) + lambda / 2 * |w|^2}.
 */
public final class LogisticRegression {

    private final double[] weights;
    private final double intercept;
    private final int iterations;

    private LogisticRegression(double[] weights, double intercept, int iterations) {
        this.weights = weights;
        this.intercept = intercept;
        this.iterations = iterations;
    }

    /**
     * Fits the model.
     *
     * @param x      rows x columns (encoded, e.g. standardised and one-hot)
     * @param y      1 = bad, 0 = good
     * @param lambda L2 penalty (>= 0; a little, e.g. 1, keeps separable data finite)
     */
    public static LogisticRegression fit(float[][] x, float[] y, double lambda) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length);
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("no rows to fit");
        }
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("lambda must be >= 0, was " + lambda);
        }
        int n = x.length;
        int d = x[0].length + 1;
        double[] beta = new double[d];
        double[] row = new double[d];
        int iter = 0;
        for (; iter < 100; iter++) {
            double[] grad = new double[d];
            double[][] h = new double[d][d];
            for (int i = 0; i < n; i++) {
                row[0] = 1;
                for (int j = 1; j < d; j++) {
                    row[j] = x[i][j - 1];
                }
                double z = 0;
                for (int j = 0; j < d; j++) {
                    z += beta[j] * row[j];
                }
                double p = sigmoid(z);
                double r = p - y[i];
                double w = Math.max(p * (1 - p), 1e-10);
                for (int j = 0; j < d; j++) {
                    double rj = row[j];
                    if (rj == 0) {
                        continue;
                    }
                    grad[j] += r * rj;
                    double wr = w * rj;
                    double[] hj = h[j];
                    for (int k = 0; k <= j; k++) {
                        hj[k] += wr * row[k];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < j; k++) {
                    h[k][j] = h[j][k];
                }
            }
            for (int j = 1; j < d; j++) {
                grad[j] += lambda * beta[j];
                h[j][j] += lambda;
            }
            h[0][0] += 1e-9;
            double[] step = solve(h, grad);
            double max = 0;
            for (int j = 0; j < d; j++) {
                beta[j] -= step[j];
                max = Math.max(max, Math.abs(step[j]));
            }
            if (max < 1e-7) {
                iter++;
                break;
            }
        }
        double[] w = new double[d - 1];
        System.arraycopy(beta, 1, w, 0, d - 1);
        return new LogisticRegression(w, beta[0], iter);
    }

    /** Probability of the bad class per row. */
    public double[] predict(float[][] x) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != weights.length) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " columns, the model has " + weights.length);
            }
            double z = intercept;
            for (int j = 0; j < weights.length; j++) {
                z += weights[j] * x[i][j];
            }
            p[i] = sigmoid(z);
        }
        return p;
    }

    public double[] weights() {
        return weights.clone();
    }

    public double intercept() {
        return intercept;
    }

    /** Newton iterations used. */
    public int iterations() {
        return iterations;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Solves a symmetric positive definite system by Cholesky decomposition. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * z[k];
            }
            z[i] = sum / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }
}
