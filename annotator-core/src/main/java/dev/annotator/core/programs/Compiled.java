package dev.annotator.core.programs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The interpreter: conditions compiled once into tests on a {@link TextView}. */
final class Compiled {
    private Compiled() {
    }

    /** A compiled condition. */
    @FunctionalInterface
    interface Test {
        /**
         * @throws BoundedCharSequence.BudgetExceeded when a regular expression exhausts its budget
         */
        boolean test(TextView view);
    }

    static Test compile(Condition c, ProgramLimits limits) {
        if (c instanceof Condition.Keywords) {
            Condition.Keywords k = (Condition.Keywords) c;
            TermMatcher m = new TermMatcher(k.terms(), k.caseSensitive(), k.wholeWord());
            return v -> m.count(v, false, true) > 0;
        }
        if (c instanceof Condition.Lexicon) {
            Condition.Lexicon l = (Condition.Lexicon) c;
            TermMatcher m = new TermMatcher(l.terms(), l.caseSensitive(), l.wholeWord());
            return v -> {
                int n = m.count(v, l.distinct(), false);
                return n >= l.min() && n <= l.max();
            };
        }
        if (c instanceof Condition.MoreThan) {
            Condition.MoreThan t = (Condition.MoreThan) c;
            TermMatcher pro = new TermMatcher(t.terms(), t.caseSensitive(), t.wholeWord());
            TermMatcher con = new TermMatcher(t.than(), t.caseSensitive(), t.wholeWord());
            return v -> pro.count(v, false, false) - con.count(v, false, false) >= t.margin();
        }
        if (c instanceof Condition.Regex) {
            Condition.Regex r = (Condition.Regex) c;
            Pattern p = Pattern.compile(r.pattern(), flags(r.caseSensitive()));
            long base = limits.regexBaseSteps();
            long perChar = limits.regexStepsPerChar();
            long timeout = limits.regexTimeout().toNanos();
            return v -> {
                String s = v.text();
                long budget = base + perChar * s.length();
                return p.matcher(new BoundedCharSequence(s, budget, System.nanoTime() + timeout)).find();
            };
        }
        if (c instanceof Condition.Feature) {
            Condition.Feature f = (Condition.Feature) c;
            return v -> {
                double x = v.feature(f.feature());
                return x >= f.min() && x <= f.max();
            };
        }
        if (c instanceof Condition.All) {
            List<Test> parts = compileAll(((Condition.All) c).conditions(), limits);
            return v -> {
                for (Test t : parts) {
                    if (!t.test(v)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (c instanceof Condition.Any) {
            List<Test> parts = compileAll(((Condition.Any) c).conditions(), limits);
            return v -> {
                for (Test t : parts) {
                    if (t.test(v)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (c instanceof Condition.Not) {
            Test inner = compile(((Condition.Not) c).condition(), limits);
            return v -> !inner.test(v);
        }
        throw new IllegalStateException("unknown condition " + c.getClass());
    }

    static int flags(boolean caseSensitive) {
        return caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    }

    private static List<Test> compileAll(List<Condition> conditions, ProgramLimits limits) {
        List<Test> out = new ArrayList<>(conditions.size());
        for (Condition c : conditions) {
            out.add(compile(c, limits));
        }
        return out;
    }

    /** Counts occurrences of a term list, by tokens (whole words) or by substrings. */
    static final class TermMatcher {
        private final boolean caseSensitive;
        private final boolean wholeWord;
        private final List<String> substrings = new ArrayList<>();
        private final Map<String, List<Integer>> byFirstToken = new HashMap<>();
        private final List<List<String>> tokenTerms = new ArrayList<>();

        TermMatcher(List<String> terms, boolean caseSensitive, boolean wholeWord) {
            this.caseSensitive = caseSensitive;
            this.wholeWord = wholeWord;
            for (String term : terms) {
                String t = caseSensitive ? term : term.toLowerCase(Locale.ROOT);
                if (wholeWord) {
                    List<String> toks = TextView.tokenize(t);
                    int id = tokenTerms.size();
                    tokenTerms.add(toks);
                    byFirstToken.computeIfAbsent(toks.get(0), x -> new ArrayList<>()).add(id);
                } else {
                    substrings.add(t);
                }
            }
        }

        /**
         * @param distinct count distinct terms found instead of occurrences
         * @param firstOnly stop at the first occurrence
         */
        int count(TextView v, boolean distinct, boolean firstOnly) {
            java.util.BitSet found = distinct ? new java.util.BitSet() : null;
            int n = 0;
            if (wholeWord) {
                List<String> toks = v.tokens(caseSensitive);
                for (int i = 0; i < toks.size(); i++) {
                    List<Integer> candidates = byFirstToken.get(toks.get(i));
                    if (candidates == null) {
                        continue;
                    }
                    for (int cand : candidates) {
                        List<String> term = tokenTerms.get(cand);
                        if (matchesAt(toks, i, term)) {
                            if (firstOnly) {
                                return 1;
                            }
                            n++;
                            if (found != null) {
                                found.set(cand);
                            }
                        }
                    }
                }
            } else {
                String s = caseSensitive ? v.text() : v.lower();
                for (int t = 0; t < substrings.size(); t++) {
                    String term = substrings.get(t);
                    int from = 0;
                    int at;
                    while ((at = s.indexOf(term, from)) >= 0) {
                        if (firstOnly) {
                            return 1;
                        }
                        n++;
                        if (found != null) {
                            found.set(t);
                        }
                        from = at + term.length();
                    }
                }
            }
            return found != null ? found.cardinality() : n;
        }

        private static boolean matchesAt(List<String> toks, int i, List<String> term) {
            if (i + term.size() > toks.size()) {
                return false;
            }
            for (int k = 1; k < term.size(); k++) {
                if (!toks.get(i + k).equals(term.get(k))) {
                    return false;
                }
            }
            return true;
        }
    }
}
