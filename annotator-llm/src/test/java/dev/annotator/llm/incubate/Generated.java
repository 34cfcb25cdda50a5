package dev.annotator.llm.incubate;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Distinct made-up example texts keyed by the request number the incubator writes into its prompt. */
final class Generated {
    private static final Pattern REQUEST = Pattern.compile("Request (-?\\d+)-(\\d+):");
    private static final List<String> DISHES = List.of("pasta", "curry", "ramen", "tacos", "risotto", "dumplings", "paella",
            "falafel", "lasagna", "gumbo", "pho", "sushi", "burritos", "pierogi", "chowder", "kebab", "biryani", "goulash",
            "tagine", "moussaka", "ceviche", "poutine", "jambalaya", "bibimbap", "empanadas", "quiche", "ratatouille",
            "couscous", "laksa", "hummus");
    private static final List<String> FILMS = List.of("western", "thriller", "musical", "documentary", "cartoon", "romance",
            "horror", "sequel", "biopic", "noir", "comedy", "epic", "mystery", "fantasy", "heist", "drama", "satire",
            "spy", "zombie", "courtroom", "disaster", "superhero", "silent", "anime", "mockumentary", "remake", "prequel",
            "trilogy", "slasher", "adventure");
    private static final List<String> MOODS = List.of("loved", "hated", "tried", "shared", "cooked", "ordered", "craved",
            "skipped", "recommended", "rated", "finished", "started", "remembered", "reviewed", "missed", "praised",
            "doubted", "enjoyed", "planned", "described", "compared", "discussed", "ignored", "found", "booked", "chose",
            "watched", "saw", "noticed", "studied");

    private Generated() {
    }

    static int nonce(String prompt) {
        Matcher m = REQUEST.matcher(prompt);
        if (!m.find()) {
            throw new AssertionError("no request number in prompt: " + prompt);
        }
        return Integer.parseInt(m.group(2));
    }

    static String food(int n) {
        return "We " + MOODS.get(n % 30) + " the " + DISHES.get(n * 7 % 30) + " at dinner number " + n + ".";
    }

    static String movie(int n) {
        return "They " + MOODS.get((n + 11) % 30) + " a " + FILMS.get(n * 11 % 30) + " film, screening " + n + ".";
    }

    static String answer(int n) {
        return "{\"food\": \"" + food(n) + "\", \"movies\": \"" + movie(n) + "\"}";
    }
}
