package dev.annotator.llm.internal;

import dev.annotator.core.task.Task;
import java.util.List;
import java.util.Optional;

/**
 * A label distribution from token log-probabilities (single-label tasks). At the token where the
 * label value starts, every alternative the provider reports that identifies exactly one label adds
 * its probability to that label; the chosen label gets the probability of its whole value (the
 * product over its tokens). Mass the alternatives leave unassigned is shared equally by the labels
 * that received none; with no such label the scores are renormalised.
 */
public final class LogprobScorer {
    private LogprobScorer() {
    }

    /**
     * @param task a single-label task
     * @param answer the raw answer with its log-probabilities
     * @param valueOffset offset in the answer text where the label value starts (inside the quotes)
     * @param chosen the label the answer gives
     * @return scores over the task's labels, or empty when the log-probabilities do not line up with the
     *     answer text
     */
    public static Optional<double[]> score(Task task, RawAnswer answer, int valueOffset, String chosen) {
        List<RawAnswer.TokenLogprob> tokens = answer.logprobs();
        if (tokens.isEmpty() || valueOffset < 0 || task.isMultiLabel()) {
            return Optional.empty();
        }
        StringBuilder rebuilt = new StringBuilder();
        int tokenIndex = -1;
        int tokenStart = 0;
        for (int i = 0; i < tokens.size(); i++) {
            int start = rebuilt.length();
            rebuilt.append(tokens.get(i).token());
            if (tokenIndex < 0 && valueOffset >= start && valueOffset < rebuilt.length()) {
                tokenIndex = i;
                tokenStart = start;
            }
        }
        if (tokenIndex < 0 || !rebuilt.toString().equals(answer.text())) {
            return Optional.empty();
        }
        String prefix = answer.text().substring(tokenStart, valueOffset);
        String end = chosen + "\"";
        // probability of the chosen value: product over the tokens that spell it
        double chosenLogprob = 0;
        int covered = tokenStart;
        for (int i = tokenIndex; i < tokens.size() && covered < valueOffset + end.length(); i++) {
            chosenLogprob += tokens.get(i).logprob();
            covered += tokens.get(i).token().length();
        }
        RawAnswer.TokenLogprob at = tokens.get(tokenIndex);
        List<RawAnswer.TokenLogprob> alternatives = at.top().isEmpty() ? List.of(at) : at.top();
        double[] mass = new double[task.labelCount()];
        boolean chosenSeen = false;
        for (RawAnswer.TokenLogprob alt : alternatives) {
            if (!alt.token().startsWith(prefix) || alt.token().length() == prefix.length()) {
                continue;
            }
            String rest = alt.token().substring(prefix.length());
            if (alt.token().equals(at.token())) {
                if (!chosenSeen) {
                    mass[task.requireIndex(chosen)] += Math.exp(chosenLogprob);
                    chosenSeen = true;
                }
                continue;
            }
            int match = -1;
            int matches = 0;
            for (int l = 0; l < task.labelCount(); l++) {
                String candidate = task.labelNames().get(l) + "\"";
                if (candidate.startsWith(rest) || rest.startsWith(candidate)) {
                    match = l;
                    matches++;
                }
            }
            if (matches == 1) {
                mass[match] += Math.exp(alt.logprob());
            }
        }
        if (!chosenSeen) {
            mass[task.requireIndex(chosen)] += Math.exp(chosenLogprob);
        }
        double total = 0;
        int empty = 0;
        for (double m : mass) {
            total += m;
            if (m == 0) {
                empty++;
            }
        }
        if (!(total > 0)) {
            return Optional.empty();
        }
        double[] p = new double[mass.length];
        double leftover = Math.max(0, 1 - total);
        for (int i = 0; i < p.length; i++) {
            if (empty > 0 && total <= 1) {
                p[i] = mass[i] == 0 ? leftover / empty : mass[i];
            } else {
                p[i] = mass[i] / total;
            }
        }
        double sum = 0;
        for (double x : p) {
            sum += x;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.min(1, p[i] / sum);
        }
        return Optional.of(p);
    }
}
