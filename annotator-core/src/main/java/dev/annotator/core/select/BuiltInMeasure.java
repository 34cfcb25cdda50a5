package dev.annotator.core.select;

import dev.annotator.core.task.LabelDistribution;

/** The built-in {@link UncertaintyMeasure}s; named by {@link #toString()}. */
enum BuiltInMeasure implements UncertaintyMeasure {
    LEAST_CONFIDENCE("least-confidence") {
        @Override
        public double uncertainty(LabelDistribution d) {
            if (d.task().isMultiLabel()) {
                double sum = 0;
                for (int i = 0; i < d.size(); i++) {
                    sum += 1 - Math.max(d.get(i), 1 - d.get(i));
                }
                return sum / d.size();
            }
            return Math.max(0, 1 - d.max());
        }
    },
    MARGIN("margin") {
        @Override
        public double uncertainty(LabelDistribution d) {
            if (d.task().isMultiLabel()) {
                double sum = 0;
                for (int i = 0; i < d.size(); i++) {
                    sum += 1 - Math.abs(2 * d.get(i) - 1);
                }
                return sum / d.size();
            }
            double first = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < d.size(); i++) {
                double p = d.get(i);
                if (p > first) {
                    second = first;
                    first = p;
                } else if (p > second) {
                    second = p;
                }
            }
            return Math.max(0, 1 - (first - second));
        }
    },
    ENTROPY("entropy") {
        @Override
        public double uncertainty(LabelDistribution d) {
            if (d.task().isMultiLabel()) {
                double sum = 0;
                for (int i = 0; i < d.size(); i++) {
                    sum += plogp(d.get(i)) + plogp(1 - d.get(i));
                }
                return Math.max(0, -sum / d.size());
            }
            double h = 0;
            for (int i = 0; i < d.size(); i++) {
                h += plogp(d.get(i));
            }
            return Math.max(0, -h);
        }
    };

    private final String label;

    BuiltInMeasure(String label) {
        this.label = label;
    }

    private static double plogp(double p) {
        return p <= 0 ? 0 : p * Math.log(p);
    }

    @Override
    public String toString() {
        return label;
    }
}
