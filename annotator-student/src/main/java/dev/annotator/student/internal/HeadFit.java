package dev.annotator.student.internal;

/**
 * A classification head fitted on standardised features by {@link Sgd}: linear, or with one ReLU
 * hidden layer; the standardisation is folded into its first layer, so the head reads raw features.
 * Shared by the encoder and relation students. Not API.
 *
 * @param hidden {@code {weights, bias}} of the hidden layer, or null for a linear head
 * @param weights the output layer's weights
 * @param bias the output layer's bias
 * @param epochsRun epochs run before early stopping
 * @param devAccuracy dev accuracy of the kept parameters (NaN without dev)
 * @param devLogLoss dev log-loss of the kept parameters (NaN without dev)
 */
public record HeadFit(float[][] hidden, float[] weights, float[] bias, int epochsRun, double devAccuracy, double devLogLoss) {

    /**
     * @param std the standardisation the rows were made with, folded into the result
     * @param train training rows
     * @param dev dev rows (may be empty)
     * @param in features per row
     * @param labels outputs
     * @param hiddenUnits 0 for a linear head, else the hidden layer's width
     * @param l2 L2 penalty
     * @param multiLabel sigmoids when true, else softmax
     * @param settings epochs, learning rate, patience and seed
     * @return the fitted head
     */
    public static HeadFit fit(Standardization std, Sgd.Data train, Sgd.Data dev, int in, int labels, int hiddenUnits, double l2,
            boolean multiLabel, Sgd.Settings settings) {
        if (hiddenUnits == 0) {
            Sgd.Result<LinearSgdModel.Parameters> fit = Sgd.fit(new LinearSgdModel(in, labels, l2, multiLabel), train, dev, multiLabel,
                    labels, settings);
            float[] w = fit.best().weights();
            float[] b = fit.best().bias();
            std.fold(w, b, labels);
            return new HeadFit(null, w, b, fit.epochsRun(), fit.devAccuracy(), fit.devLogLoss());
        }
        Sgd.Result<MlpSgdModel.Parameters> fit = Sgd.fit(new MlpSgdModel(in, hiddenUnits, labels, l2, multiLabel, settings.seed()),
                train, dev, multiLabel, labels, settings);
        float[][] hidden = {fit.best().w1(), fit.best().b1()};
        std.fold(hidden[0], hidden[1], hiddenUnits);
        return new HeadFit(hidden, fit.best().w2(), fit.best().b2(), fit.epochsRun(), fit.devAccuracy(), fit.devLogLoss());
    }
}
