package dev.annotator.core.programs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One text as programs see it, with its tokens, lower-cased forms and features computed once and
 * shared by every program applied to it. Not thread-safe; one per text.
 */
final class TextView {
    private static final Pattern URL = Pattern.compile("(?i)(?<![\\w/])(?:https?://|www\\.)[^\\s<>\"']+");
    private static final Pattern EMAIL = Pattern.compile("(?<![\\w.+-])[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.,])\\d+(?:[.,]\\d+)*");
    private static final Pattern CURRENCY = Pattern.compile(
            "[$€£¥]\\s?\\d|(?<![\\w.,])\\d+(?:[.,]\\d+)*\\s?(?:usd|eur|gbp|dollars?|euros?|pounds?|bucks)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private final String text;
    private String lower;
    private List<String> tokens;
    private List<String> lowerTokens;
    private final Map<TextFeature, Double> features = new EnumMap<>(TextFeature.class);

    TextView(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    String lower() {
        if (lower == null) {
            lower = text.toLowerCase(Locale.ROOT);
        }
        return lower;
    }

    List<String> tokens(boolean caseSensitive) {
        if (tokens == null) {
            tokens = tokenize(text);
        }
        if (caseSensitive) {
            return tokens;
        }
        if (lowerTokens == null) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                out.add(t.toLowerCase(Locale.ROOT));
            }
            lowerTokens = out;
        }
        return lowerTokens;
    }

    /**
     * Splits into tokens: a run of letters, digits and underscores (with inner apostrophes, curly ones
     * made straight), or one other non-whitespace character.
     */
    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            if (isWord(cp)) {
                int start = i;
                boolean curly = false;
                while (i < n) {
                    int c = s.codePointAt(i);
                    if (isWord(c)) {
                        i += Character.charCount(c);
                    } else if ((c == '\'' || c == '\u2019') && i + 1 < n && isWord(s.codePointAt(i + 1))) {
                        curly |= c == '\u2019';
                        i++;
                    } else {
                        break;
                    }
                }
                String token = s.substring(start, i);
                out.add(curly ? token.replace('\u2019', '\'') : token);
            } else {
                if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
                    out.add(new String(Character.toChars(cp)));
                }
                i += Character.charCount(cp);
            }
        }
        return out;
    }

    static boolean isWord(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }

    double feature(TextFeature f) {
        Double v = features.get(f);
        if (v == null) {
            v = compute(f);
            features.put(f, v);
        }
        return v;
    }

    private double compute(TextFeature f) {
        switch (f) {
            case LENGTH:
                return text.length();
            case WORDS:
                return words();
            case URLS:
                return count(URL);
            case EMAILS:
                return count(EMAIL);
            case NUMBERS:
                return count(NUMBER);
            case CURRENCY:
                return count(CURRENCY);
            case EXCLAMATIONS:
                return text.chars().filter(c -> c == '!').count();
            case UPPERCASE_RATIO:
            case DIGIT_RATIO:
                return characterRatio(f);
            case UPPERCASE_WORD_RATIO: {
                int words = 0;
                int upper = 0;
                for (String t : tokens(true)) {
                    if (isWord(t.codePointAt(0))) {
                        words++;
                        upper += isUpperCaseWord(t) ? 1 : 0;
                    }
                }
                return words == 0 ? 0 : (double) upper / words;
            }
            default:
                throw new IllegalStateException("unknown feature " + f);
        }
    }

    private double characterRatio(TextFeature f) {
        int letters = 0;
        int upper = 0;
        int visible = 0;
        int digits = 0;
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetter(c)) {
                letters++;
                upper += Character.isUpperCase(c) ? 1 : 0;
            }
            if (!Character.isWhitespace(c)) {
                visible++;
                digits += Character.isDigit(c) ? 1 : 0;
            }
        }
        if (f == TextFeature.UPPERCASE_RATIO) {
            return letters == 0 ? 0 : (double) upper / letters;
        }
        return visible == 0 ? 0 : (double) digits / visible;
    }

    private static boolean isUpperCaseWord(String t) {
        int letters = 0;
        for (int i = 0; i < t.length();) {
            int c = t.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetter(c)) {
                if (!Character.isUpperCase(c)) {
                    return false;
                }
                letters++;
            }
        }
        return letters >= 2;
    }

    private int words() {
        int w = 0;
        for (String t : tokens(true)) {
            if (isWord(t.codePointAt(0))) {
                w++;
            }
        }
        return w;
    }

    private int count(Pattern p) {
        Matcher m = p.matcher(text);
        int c = 0;
        while (m.find()) {
            c++;
        }
        return c;
    }
}
