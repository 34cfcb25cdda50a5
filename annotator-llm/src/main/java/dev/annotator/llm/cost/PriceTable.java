package dev.annotator.llm.cost;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The prices the user pays, per model name. Immutable and thread-safe.
 *
 * <p>Easy to fill from a command line with {@link #parse(String)}:
 * {@code gpt-4o-mini=0.15/0.60,gpt-4o=2.50/10} (input/output US dollars per million tokens).
 */
public final class PriceTable {
    private static final PriceTable EMPTY = new PriceTable(Map.of());
    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = prices;
    }

    /** @return a table with no prices: every model's cost is unknown */
    public static PriceTable empty() {
        return EMPTY;
    }

    /**
     * @param prices price per model name; copied
     * @return the table
     */
    public static PriceTable of(Map<String, Price> prices) {
        Objects.requireNonNull(prices, "prices");
        prices.forEach((k, v) -> {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("price table model name must not be blank");
            }
            Objects.requireNonNull(v, "price of model '" + k + "'");
        });
        return new PriceTable(Map.copyOf(prices));
    }

    /**
     * Parses {@code model=input/output[,model=input/output...]}, prices in US dollars per million
     * tokens, e.g. {@code gpt-4o-mini=0.15/0.60}.
     *
     * @param spec the table as text; blank gives an empty table
     * @return the table
     * @throws IllegalArgumentException naming the entry that is malformed
     */
    public static PriceTable parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        Map<String, Price> out = new LinkedHashMap<>();
        if (spec.isBlank()) {
            return empty();
        }
        for (String entry : spec.split(",")) {
            String e = entry.strip();
            int eq = e.lastIndexOf('=');
            int slash = e.lastIndexOf('/');
            if (eq <= 0 || slash < eq) {
                throw new IllegalArgumentException("price entry must look like model=input/output (USD per million tokens): '"
                        + e + "'");
            }
            String model = e.substring(0, eq).strip();
            try {
                double in = Double.parseDouble(e.substring(eq + 1, slash).strip());
                double outPrice = Double.parseDouble(e.substring(slash + 1).strip());
                if (out.put(model, new Price(in, outPrice)) != null) {
                    throw new IllegalArgumentException("price table names model '" + model + "' twice");
                }
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("price entry has a price that is not a number: '" + e + "'", ex);
            }
        }
        return of(out);
    }

    /**
     * @param model a model name
     * @return its price, or empty when the table does not list it
     */
    public Optional<Price> price(String model) {
        return Optional.ofNullable(prices.get(model));
    }

    /** @return every price, by model name */
    public Map<String, Price> prices() {
        return prices;
    }

    @Override
    public String toString() {
        return "PriceTable" + prices;
    }
}
