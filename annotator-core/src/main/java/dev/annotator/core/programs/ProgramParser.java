package dev.annotator.core.programs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a program's JSON tree against the rule language and the task, collecting every error with
 * its path, and builds the program when there is none. Not thread-safe; one per parse.
 */
final class ProgramParser {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final Set<String> CONDITION_KINDS = Set.of("keywords", "lexicon", "moreThan", "regex", "feature", "all", "any", "not");
    private final Task task;
    private final ProgramLimits limits;
    private final List<ValidationError> errors = new ArrayList<>();
    private int conditions;
    private int terms;

    ProgramParser(Task task, ProgramLimits limits) {
        this.task = task;
        this.limits = limits;
    }

    List<ValidationError> errors() {
        return errors;
    }

    private void error(String path, String reason) {
        errors.add(new ValidationError(path, reason));
    }

    /** @return the program, or empty when there were errors (see {@link #errors()}) */
    Optional<LabelingProgram> parse(JsonNode root) {
        if (!root.isObject()) {
            error("$", "a program must be a JSON object, not " + kind(root));
            return Optional.empty();
        }
        allowOnly(root, "$", Set.of("$schema", "name", "task", "description", "rules"));
        String name = requiredString(root, "name", "$");
        if (name != null && !NAME.matcher(name).matches()) {
            error("$.name", "must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit (it names the file): '"
                    + name + "'");
        }
        String taskName = requiredString(root, "task", "$");
        if (taskName != null && !taskName.equals(task.name())) {
            error("$.task", "program is for task '" + taskName + "' but is loaded for task '" + task.name() + "'");
        }
        String description = optionalString(root, "description", "$", "");
        List<Rule> rules = new ArrayList<>();
        JsonNode rulesNode = root.get("rules");
        if (rulesNode == null) {
            error("$", "missing required key 'rules'");
        } else if (!rulesNode.isArray()) {
            error("$.rules", "must be an array of rules, not " + kind(rulesNode));
        } else if (rulesNode.isEmpty()) {
            error("$.rules", "a program needs at least one rule");
        } else {
            if (rulesNode.size() > limits.maxRules()) {
                error("$.rules", "has " + rulesNode.size() + " rules; at most " + limits.maxRules() + " are allowed");
            }
            for (int i = 0; i < rulesNode.size(); i++) {
                Rule r = rule(rulesNode.get(i), "$.rules[" + i + "]");
                if (r != null) {
                    rules.add(r);
                }
            }
        }
        if (conditions > limits.maxConditions()) {
            error("$.rules", "has " + conditions + " conditions; at most " + limits.maxConditions() + " are allowed");
        }
        if (terms > limits.maxTerms()) {
            error("$.rules", "has " + terms + " terms; at most " + limits.maxTerms() + " are allowed");
        }
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LabelingProgram(name, task, description, rules, limits));
    }

    private Rule rule(JsonNode node, String path) {
        if (!node.isObject()) {
            error(path, "a rule must be an object {\"when\": condition, \"label\": label}, not " + kind(node));
            return null;
        }
        allowOnly(node, path, Set.of("when", "label", "description"));
        String label = requiredString(node, "label", path);
        if (label != null && !task.hasLabel(label)) {
            error(path + ".label", "'" + label + "' is not a label of task '" + task.name() + "' " + task.labelNames());
        }
        String description = optionalString(node, "description", path, "");
        JsonNode when = node.get("when");
        Condition c = null;
        if (when == null) {
            error(path, "missing required key 'when'");
        } else {
            c = condition(when, path + ".when", 1);
        }
        return c == null || label == null ? null : new Rule(c, label, description);
    }

    private Condition condition(JsonNode node, String path, int depth) {
        conditions++;
        if (depth > limits.maxDepth()) {
            error(path, "conditions are nested deeper than " + limits.maxDepth());
            return null;
        }
        if (!node.isObject() || node.size() != 1) {
            error(path, "a condition must be an object with exactly one key, one of " + sorted(CONDITION_KINDS) + ", not "
                    + (node.isObject() ? "an object with keys " + keys(node) : kind(node)));
            return null;
        }
        String kind = node.fieldNames().next();
        JsonNode body = node.get(kind);
        String p = path + "." + kind;
        switch (kind) {
            case "keywords": {
                if (!object(body, p, Set.of("terms", "caseSensitive", "wholeWord"))) {
                    return null;
                }
                List<String> t = termList(body, "terms", p);
                boolean cs = bool(body, "caseSensitive", p, false);
                boolean ww = bool(body, "wholeWord", p, true);
                return t == null ? null : new Condition.Keywords(t, cs, ww);
            }
            case "lexicon": {
                if (!object(body, p, Set.of("terms", "min", "max", "distinct", "caseSensitive", "wholeWord"))) {
                    return null;
                }
                List<String> t = termList(body, "terms", p);
                Integer min = integer(body, "min", p, true, 0);
                Integer max = integer(body, "max", p, false, 0);
                boolean distinct = bool(body, "distinct", p, false);
                boolean cs = bool(body, "caseSensitive", p, false);
                boolean ww = bool(body, "wholeWord", p, true);
                if (min != null && max != null && max < min) {
                    error(p + ".max", "must be at least min (" + min + "): " + max);
                    return null;
                }
                if (min != null && min == 0 && max == null && body.has("min")) {
                    error(p + ".min", "min 0 without max always holds; use min >= 1 or give max");
                    return null;
                }
                return t == null || min == null || (body.has("max") && max == null) ? null
                        : new Condition.Lexicon(t, min, max == null ? Integer.MAX_VALUE : max, distinct, cs, ww);
            }
            case "moreThan": {
                if (!object(body, p, Set.of("terms", "than", "margin", "caseSensitive", "wholeWord"))) {
                    return null;
                }
                List<String> t = termList(body, "terms", p);
                List<String> than = termList(body, "than", p);
                Integer margin = body.has("margin") ? integer(body, "margin", p, true, 1) : Integer.valueOf(1);
                boolean cs = bool(body, "caseSensitive", p, false);
                boolean ww = bool(body, "wholeWord", p, true);
                return t == null || than == null || margin == null ? null : new Condition.MoreThan(t, than, margin, cs, ww);
            }
            case "regex": {
                if (!object(body, p, Set.of("pattern", "caseSensitive"))) {
                    return null;
                }
                String pattern = requiredString(body, "pattern", p);
                boolean cs = bool(body, "caseSensitive", p, false);
                if (pattern == null) {
                    return null;
                }
                if (pattern.isEmpty()) {
                    error(p + ".pattern", "must not be empty");
                    return null;
                }
                if (pattern.length() > limits.maxPatternLength()) {
                    error(p + ".pattern", "is " + pattern.length() + " characters long; at most " + limits.maxPatternLength()
                            + " are allowed");
                    return null;
                }
                Pattern compiled;
                try {
                    compiled = Pattern.compile(pattern, Compiled.flags(cs));
                } catch (PatternSyntaxException e) {
                    error(p + ".pattern", "is not a valid regular expression: " + e.getDescription() + " near index "
                            + e.getIndex());
                    return null;
                }
                if (alwaysFinds(compiled)) {
                    error(p + ".pattern", "matches the empty string anywhere, so it holds for every text: '" + pattern + "'");
                    return null;
                }
                return new Condition.Regex(pattern, cs);
            }
            case "feature": {
                if (!object(body, p, Set.of("name", "min", "max"))) {
                    return null;
                }
                String fname = requiredString(body, "name", p);
                Optional<TextFeature> f = fname == null ? Optional.empty() : TextFeature.fromJsonName(fname);
                if (fname != null && f.isEmpty()) {
                    List<String> names = new ArrayList<>();
                    for (TextFeature tf : TextFeature.values()) {
                        names.add(tf.jsonName());
                    }
                    error(p + ".name", "'" + fname + "' is not a feature; one of " + names);
                }
                Double min = number(body, "min", p);
                Double max = number(body, "max", p);
                if (!body.has("min") && !body.has("max")) {
                    error(p, "needs 'min', 'max' or both");
                    return null;
                }
                if (min != null && max != null && max < min) {
                    error(p + ".max", "must be at least min (" + min + "): " + max);
                    return null;
                }
                if (f.isPresent() && f.get().isRatio() && ((min != null && min > 1) || (max != null && max < 0))) {
                    error(p, "'" + fname + "' is a ratio in [0, 1], so this range never holds");
                    return null;
                }
                if (f.isEmpty() || (body.has("min") && min == null) || (body.has("max") && max == null)) {
                    return null;
                }
                return new Condition.Feature(f.get(), min == null ? Double.NEGATIVE_INFINITY : min,
                        max == null ? Double.POSITIVE_INFINITY : max);
            }
            case "all":
            case "any": {
                if (!body.isArray() || body.isEmpty()) {
                    error(p, "must be a non-empty array of conditions, not " + (body.isArray() ? "an empty array" : kind(body)));
                    return null;
                }
                List<Condition> parts = new ArrayList<>();
                boolean ok = true;
                for (int i = 0; i < body.size(); i++) {
                    Condition c = condition(body.get(i), p + "[" + i + "]", depth + 1);
                    ok &= c != null;
                    parts.add(c);
                }
                if (!ok) {
                    return null;
                }
                return kind.equals("all") ? new Condition.All(parts) : new Condition.Any(parts);
            }
            case "not": {
                Condition inner = condition(body, p, depth + 1);
                return inner == null ? null : new Condition.Not(inner);
            }
            default:
                error(path, "unknown condition '" + kind + "'; one of " + sorted(CONDITION_KINDS));
                return null;
        }
    }

    /** Whether a pattern finds a match in texts with nothing in common: it then holds for every text. */
    private static boolean alwaysFinds(Pattern p) {
        for (String probe : new String[] {"", "x", "The 2 QUICK foxes!"}) {
            try {
                if (!p.matcher(new BoundedCharSequence(probe, 100_000, System.nanoTime() + 100_000_000L)).find()) {
                    return false;
                }
            } catch (BoundedCharSequence.BudgetExceeded e) {
                return false;
            }
        }
        return true;
    }

    private boolean object(JsonNode node, String path, Set<String> allowed) {
        if (!node.isObject()) {
            error(path, "must be an object, not " + kind(node));
            return false;
        }
        allowOnly(node, path, allowed);
        return true;
    }

    private void allowOnly(JsonNode node, String path, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                error(path, "unknown key '" + k + "'; allowed: " + sorted(allowed));
            }
        }
    }

    private String requiredString(JsonNode node, String key, String path) {
        JsonNode v = node.get(key);
        if (v == null) {
            error(path, "missing required key '" + key + "'");
            return null;
        }
        if (!v.isTextual()) {
            error(path + "." + key, "must be a string, not " + kind(v));
            return null;
        }
        if (v.asText().isBlank() && !key.equals("pattern")) {
            error(path + "." + key, "must not be blank");
            return null;
        }
        return v.asText();
    }

    private String optionalString(JsonNode node, String key, String path, String dflt) {
        JsonNode v = node.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            error(path + "." + key, "must be a string, not " + kind(v));
            return dflt;
        }
        return v.asText();
    }

    private boolean bool(JsonNode node, String key, String path, boolean dflt) {
        JsonNode v = node.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            error(path + "." + key, "must be true or false, not " + kind(v));
            return dflt;
        }
        return v.asBoolean();
    }

    /** @return the value; null when absent (reported only if required) or invalid (reported) */
    private Integer integer(JsonNode node, String key, String path, boolean required, int minValue) {
        JsonNode v = node.get(key);
        if (v == null) {
            if (required) {
                error(path, "missing required key '" + key + "'");
            }
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            error(path + "." + key, "must be a whole number, not " + kind(v));
            return null;
        }
        if (v.asInt() < minValue) {
            error(path + "." + key, "must be at least " + minValue + ": " + v.asInt());
            return null;
        }
        return v.asInt();
    }

    private Double number(JsonNode node, String key, String path) {
        JsonNode v = node.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            error(path + "." + key, "must be a finite number, not " + kind(v));
            return null;
        }
        return v.asDouble();
    }

    private List<String> termList(JsonNode node, String key, String path) {
        JsonNode v = node.get(key);
        String p = path + "." + key;
        if (v == null) {
            error(path, "missing required key '" + key + "'");
            return null;
        }
        if (!v.isArray() || v.isEmpty()) {
            error(p, "must be a non-empty array of strings, not " + (v.isArray() ? "an empty array" : kind(v)));
            return null;
        }
        terms += v.size();
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < v.size(); i++) {
            JsonNode t = v.get(i);
            String tp = p + "[" + i + "]";
            if (!t.isTextual()) {
                error(tp, "must be a string, not " + kind(t));
                ok = false;
            } else if (t.asText().isBlank()) {
                error(tp, "must not be blank");
                ok = false;
            } else if (t.asText().length() > limits.maxTermLength()) {
                error(tp, "is " + t.asText().length() + " characters long; at most " + limits.maxTermLength() + " are allowed");
                ok = false;
            } else {
                out.add(t.asText());
            }
        }
        return ok ? out : null;
    }

    static String kind(JsonNode n) {
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number (" + n.asText() + ")";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isNull()) {
            return "null";
        }
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> sorted(Set<String> s) {
        List<String> out = new ArrayList<>(s);
        java.util.Collections.sort(out);
        return out;
    }
}
