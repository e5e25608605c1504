package io.credence.training.pipeline;

import io.credence.training.data.FittedEncoding;
import io.credence.training.eval.XgboostBaseline;
import io.credence.training.nn.Architecture;
import java.util.Locale;

/** A kind of model that cross-validation can fit: a network or a baseline. */
public sealed interface Candidate {

    /** Short name used in tables and progress lines, e.g. {@code mlp}, {@code lr}. */
    String name();

    /** Which inputs the candidate reads. */
    FittedEncoding.Layout layout();

    /** A DJL network. */
    record Network(Hyperparameters hyperparameters) implements Candidate {
        @Override
        public String name() {
            return hyperparameters.architecture().name().toLowerCase(Locale.ROOT);
        }

        @Override
        public FittedEncoding.Layout layout() {
            return hyperparameters.architecture() == Architecture.MLP ? FittedEncoding.Layout.FLAT : FittedEncoding.Layout.SEQUENCE;
        }
    }

    /** L2 logistic regression on the flat encoding. */
    record Logistic(double lambda) implements Candidate {
        public Logistic {
            if (!(lambda >= 0)) {
                throw new IllegalArgumentException("logistic regression lambda must be >= 0, was " + lambda);
            }
        }

        @Override
        public String name() {
            return "lr";
        }

        @Override
        public FittedEncoding.Layout layout() {
            return FittedEncoding.Layout.FLAT;
        }
    }

    /** XGBoost on the flat encoding. */
    record Xgboost(XgboostBaseline parameters) implements Candidate {
        @Override
        public String name() {
            return "xgboost";
        }

        @Override
        public FittedEncoding.Layout layout() {
            return FittedEncoding.Layout.FLAT;
        }
    }
}
