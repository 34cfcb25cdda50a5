package dev.annotator.llm.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CostLedgerTest {

    @Test
    void should_count_reservations_in_flight_against_the_budget() {
        CostLedger ledger = new CostLedger(Budget.UNLIMITED.withMaxTokens(250));
        CostLedger.Reservation a = ledger.reserve(new Spend(1, 100, 20, 0));
        CostLedger.Reservation b = ledger.reserve(new Spend(1, 100, 20, 0));

        assertThatThrownBy(() -> ledger.reserve(new Spend(1, 100, 20, 0)))
                .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                    assertThat(e.spent()).isEqualTo(new Spend(2, 200, 40, 0));
                    assertThat(e.refused().tokens()).isEqualTo(120);
                    assertThat(e.getMessage()).contains("budget exceeded (tokens)");
                });
        a.settle(new Spend(1, 50, 5, 0));
        b.fail(false);
        assertThat(ledger.spent()).isEqualTo(new Spend(2, 50, 5, 0));
        assertThat(ledger.reserved()).isEqualTo(Spend.ZERO);
        assertThat(ledger.reserve(new Spend(1, 100, 20, 0)).worstCase().calls()).isEqualTo(1);
        assertThatThrownBy(() -> a.settle(Spend.ZERO)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void should_never_let_concurrent_callers_exceed_the_call_limit() throws Exception {
        CostLedger ledger = new CostLedger(Budget.UNLIMITED.withMaxCalls(100));
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    try {
                        ledger.reserve(new Spend(1, 1, 1, 0)).settle(new Spend(1, 1, 1, 0));
                        granted.incrementAndGet();
                    } catch (BudgetExceededException e) {
                        // expected once the limit is reached
                    }
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(granted.get()).isEqualTo(100);
        assertThat(ledger.spent().calls()).isEqualTo(100);
    }

    @Test
    void should_parse_a_price_table_from_the_command_line_form() {
        PriceTable t = PriceTable.parse("gpt-4o-mini=0.15/0.60, local=0/0");

        assertThat(t.price("gpt-4o-mini")).hasValue(new Price(0.15, 0.60));
        assertThat(t.price("gpt-4o-mini").orElseThrow().usd(1_000_000, 1_000_000)).isEqualTo(0.75);
        assertThat(t.price("other")).isEmpty();
        assertThatThrownBy(() -> PriceTable.parse("gpt-4o-mini:0.15")).hasMessageContaining("model=input/output");
    }
}
