package dev.annotator.student.span;

import dev.annotator.core.data.Split;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
import dev.annotator.student.encoder.OnnxTokenEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny synthetic NAME task built by hand: the capitalised surname after "Mr." is a span, nothing
 * else is (not the capitalised first word of a sentence, not a place). Training and held-out texts
 * use different surnames and different templates. Also the shared token encoder of this JVM.
 */
final class SpanFixtures {
    static final Task NAME = Task.builder().name("names").instruction("Mark the surname after Mr.")
            .label("NAME", "a person's surname").kind(TaskKind.SPAN).build();

    static final String[] TRAIN_NAMES = {"Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas",
        "Roberts", "Walker", "Wright", "Thompson", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis", "Martin"};
    static final String[] HELD_OUT_NAMES = {"Jackson", "Clarke", "Turner", "Hill", "Moore", "Cooper", "Ward", "Morris", "King",
        "Baker", "Harrison", "Morgan"};
    static final String[] TRAIN_TEMPLATES = {"Yesterday Mr. %s went to the market in Boston.",
        "The letter from Mr. %s arrived on Monday.", "We asked Mr. %s about the new bridge.",
        "Everyone agreed that Mr. %s was right about the budget.", "After dinner Mr. %s read the paper quietly.",
        "Paris was cold when Mr. %s arrived."};
    static final String[] HELD_OUT_TEMPLATES = {"On Friday Mr. %s called the mayor of Denver.",
        "They said Mr. %s had sold the farm.", "Nobody in London knew where Mr. %s lived.",
        "The committee thanked Mr. %s for his report."};
    static final String[] NO_NAME = {"The weather in April was mild.", "Tuesday the council met again.",
        "Prices rose sharply in Chicago last year.", "Our team won the final game.", "The committee in Denver sold the farm.",
        "London asked the mayor for a report.", "Snow covered the farm near Boston.", "The mayor of Paris called on Friday.",
        "The report said the committee had lived well.", "In Chicago the market closed early.",
        "Nobody knew where the farm was.", "Denver and London sent a report."};

    private static OnnxTokenEncoder shared;

    private SpanFixtures() {
    }

    static synchronized OnnxTokenEncoder encoder() {
        if (shared == null) {
            try (OnnxSentenceEncoder s = OnnxSentenceEncoder.builder().threads(2).build()) {
                shared = OnnxTokenEncoder.of(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    static SpanExample example(String id, String template, String name, Split split) {
        String text = String.format(template, name);
        int at = text.indexOf("Mr. ") + 4;
        return SpanExample.of(id, text, List.of(Span.of(at, at + name.length(), "NAME")), split);
    }

    static List<SpanExample> train() {
        List<SpanExample> out = new ArrayList<>();
        for (int i = 0; i < TRAIN_NAMES.length; i++) {
            for (int t = 0; t < 2; t++) {
                int tpl = (i + 3 * t) % TRAIN_TEMPLATES.length;
                out.add(example("tr" + i + "-" + t, TRAIN_TEMPLATES[tpl], TRAIN_NAMES[i], Split.TRAIN));
            }
        }
        for (int i = 0; i < NO_NAME.length; i++) {
            out.add(SpanExample.of("tr-none" + i, NO_NAME[i], List.of(), Split.TRAIN));
        }
        return out;
    }

    static List<SpanExample> dev() {
        List<SpanExample> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(example("dv" + i, TRAIN_TEMPLATES[i], HELD_OUT_NAMES[HELD_OUT_NAMES.length - 1 - i], Split.DEV));
        }
        return out;
    }

    static List<SpanExample> heldOut() {
        List<SpanExample> out = new ArrayList<>();
        for (int i = 0; i < HELD_OUT_NAMES.length - 4; i++) {
            out.add(example("te" + i, HELD_OUT_TEMPLATES[i % HELD_OUT_TEMPLATES.length], HELD_OUT_NAMES[i], Split.TEST));
        }
        out.add(SpanExample.of("te-none", "Snow fell over Denver on Sunday.", List.of(), Split.TEST));
        return out;
    }

    static List<String> texts(List<SpanExample> examples) {
        return examples.stream().map(SpanExample::text).toList();
    }
}
