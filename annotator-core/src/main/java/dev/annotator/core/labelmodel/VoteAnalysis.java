package dev.annotator.core.labelmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Coverage, overlap, conflict and (with gold) accuracy of every voter of a {@link VoteMatrix}, and
 * of the voters together, as Snorkel's {@code LFAnalysis}. Immutable and thread-safe.
 */
public final class VoteAnalysis {
    private final int rows;
    private final List<VoterStats> voters;
    private final double coverage;
    private final double overlap;
    private final double conflict;

    private VoteAnalysis(int rows, List<VoterStats> voters, double coverage, double overlap, double conflict) {
        this.rows = rows;
        this.voters = voters;
        this.coverage = coverage;
        this.overlap = overlap;
        this.conflict = conflict;
    }

    /**
     * Analyses votes without gold: accuracy counts are zero.
     *
     * @param votes the votes
     * @return the analysis
     */
    public static VoteAnalysis of(VoteMatrix votes) {
        return analyse(votes, Optional.empty());
    }

    /**
     * Analyses votes against gold labels. A vote is correct when it is one of the row's gold labels;
     * rows with an empty gold list do not count towards accuracy.
     *
     * @param votes the votes
     * @param gold one list of gold label names per row, in row order
     * @return the analysis
     * @throws IllegalArgumentException when the gold size differs from the number of rows
     * @throws dev.annotator.core.task.UnknownLabelException when a gold name is not a label of the task
     */
    public static VoteAnalysis of(VoteMatrix votes, List<List<String>> gold) {
        if (gold.size() != votes.rowCount()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " rows but the vote matrix has " + votes.rowCount());
        }
        boolean[][] g = new boolean[gold.size()][];
        for (int i = 0; i < g.length; i++) {
            if (!gold.get(i).isEmpty()) {
                g[i] = new boolean[votes.task().labelCount()];
                for (String l : gold.get(i)) {
                    g[i][votes.task().requireIndex(l)] = true;
                }
            }
        }
        return analyse(votes, Optional.of(g));
    }

    private static VoteAnalysis analyse(VoteMatrix votes, Optional<boolean[][]> gold) {
        int n = votes.rowCount();
        int m = votes.voterCount();
        int k = votes.task().labelCount();
        int[] count = new int[m];
        int[] overlapCount = new int[m];
        int[] conflictCount = new int[m];
        int[] correct = new int[m];
        int[] incorrect = new int[m];
        boolean[][] gave = new boolean[m][k];
        int covered = 0;
        int overlapped = 0;
        int conflicted = 0;
        for (int i = 0; i < n; i++) {
            int voting = 0;
            int first = VoteMatrix.ABSTAIN;
            boolean disagree = false;
            for (int j = 0; j < m; j++) {
                int v = votes.vote(i, j);
                if (v != VoteMatrix.ABSTAIN) {
                    voting++;
                    if (first == VoteMatrix.ABSTAIN) {
                        first = v;
                    } else if (v != first) {
                        disagree = true;
                    }
                }
            }
            covered += voting > 0 ? 1 : 0;
            overlapped += voting > 1 ? 1 : 0;
            conflicted += disagree ? 1 : 0;
            boolean[] g = gold.isPresent() ? gold.get()[i] : null;
            for (int j = 0; j < m; j++) {
                int v = votes.vote(i, j);
                if (v == VoteMatrix.ABSTAIN) {
                    continue;
                }
                count[j]++;
                gave[j][v] = true;
                if (voting > 1) {
                    overlapCount[j]++;
                }
                if (disagree && disagreesWithOthers(votes, i, j, v)) {
                    conflictCount[j]++;
                }
                if (g != null) {
                    if (g[v]) {
                        correct[j]++;
                    } else {
                        incorrect[j]++;
                    }
                }
            }
        }
        List<VoterStats> stats = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            List<String> polarity = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                if (gave[j][c]) {
                    polarity.add(votes.task().labelNames().get(c));
                }
            }
            stats.add(new VoterStats(votes.voters().get(j), polarity, count[j], frac(count[j], n), frac(overlapCount[j], n),
                    frac(conflictCount[j], n), correct[j], incorrect[j]));
        }
        return new VoteAnalysis(n, List.copyOf(stats), frac(covered, n), frac(overlapped, n), frac(conflicted, n));
    }

    private static boolean disagreesWithOthers(VoteMatrix votes, int row, int voter, int v) {
        for (int j = 0; j < votes.voterCount(); j++) {
            int o = votes.vote(row, j);
            if (j != voter && o != VoteMatrix.ABSTAIN && o != v) {
                return true;
            }
        }
        return false;
    }

    private static double frac(int a, int n) {
        return n == 0 ? 0 : (double) a / n;
    }

    /** @return the number of rows analysed */
    public int rows() {
        return rows;
    }

    /** @return one entry per voter, in column order */
    public List<VoterStats> voters() {
        return voters;
    }

    /**
     * @param voter a voter name
     * @return its statistics
     * @throws IllegalArgumentException when there is no such voter
     */
    public VoterStats voter(String voter) {
        for (VoterStats s : voters) {
            if (s.voter().equals(voter)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no voter named '" + voter + "'");
    }

    /** @return fraction of rows on which at least one voter gave a label */
    public double coverage() {
        return coverage;
    }

    /** @return fraction of rows on which at least two voters gave a label */
    public double overlap() {
        return overlap;
    }

    /** @return fraction of rows on which two voters gave different labels */
    public double conflict() {
        return conflict;
    }

    /** @return a fixed-width table, one line per voter, for logs and reports */
    public String toTable() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-32s %-20s %8s %8s %8s %8s %9s%n", "voter", "polarity",
                "coverage", "overlap", "conflict", "votes", "accuracy"));
        for (VoterStats s : voters) {
            sb.append(String.format(Locale.ROOT, "%-32s %-20s %8.3f %8.3f %8.3f %8d %9s%n", s.voter(),
                    String.join(",", s.polarity()), s.coverage(), s.overlap(), s.conflict(), s.votes(),
                    s.accuracy().isPresent() ? String.format(Locale.ROOT, "%.3f", s.accuracy().getAsDouble()) : "-"));
        }
        sb.append(String.format(Locale.ROOT, "%-32s %-20s %8.3f %8.3f %8.3f%n", "(all)", "", coverage, overlap, conflict));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "VoteAnalysis[rows=" + rows + ", voters=" + voters.size() + ", coverage=" + coverage + ", overlap=" + overlap
                + ", conflict=" + conflict + "]";
    }
}
