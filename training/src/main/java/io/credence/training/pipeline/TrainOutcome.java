package io.credence.training.pipeline;

import io.credence.plugin.card.ModelCard;
import io.credence.training.eval.Evaluation;
import io.credence.training.nn.EpochStats;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code train} produced.
 *
 * @param card          the written card
 * @param packageDir    where model.onnx and model-card.json are
 * @param report        report.html
 * @param crossValidation cross-validation result (null when folds were 0)
 * @param validation    the final model on its early-stopping validation rows
 * @param history       the final model's learning curves
 * @param bestEpoch     the epoch whose weights were kept
 * @param onnxMaxAbsDiff largest |ONNX Runtime - DJL| probability on the validation rows
 * @param trainSeconds  wall time of the whole command
 */
public record TrainOutcome(ModelCard card, Path packageDir, Path report, CvResult crossValidation, Evaluation validation,
                           List<EpochStats> history, int bestEpoch, double onnxMaxAbsDiff, double trainSeconds) {
}
