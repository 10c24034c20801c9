package dev.feedloop.demo;

import java.util.List;
import java.util.SplittableRandom;

/** A topic whose questions come from templates; subclasses decide how it is answered. */
abstract class TemplatedTopic implements Topic {
    private final String id;
    private final String area;
    private final List<Template> questions;
    private final Vocabulary vocabulary;

    TemplatedTopic(String id, String area, List<Template> questions, Vocabulary vocabulary) {
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("topic " + id + " has no question templates");
        }
        this.id = id;
        this.area = area;
        this.questions = List.copyOf(questions);
        this.vocabulary = vocabulary;
    }

    @Override
    public final String id() {
        return id;
    }

    final String area() {
        return area;
    }

    @Override
    public final Ask ask(SplittableRandom rng) {
        int template = rng.nextInt(questions.size());
        Bindings slots = new Bindings(vocabulary);
        prepare(template, slots, rng);
        return new Ask(questions.get(template).render(rng, slots), slots, template);
    }

    @Override
    public final Ask rephrase(Ask previous, SplittableRandom rng) {
        int template = previous.template();
        int size = questions.size();
        int offset = 1 + rng.nextInt(Math.max(1, size - 1));
        for (int i = 0; i < size - 1; i++) {
            int candidate = (template + offset + i) % size;
            if (candidate != template && group(candidate) == group(template)) {
                template = candidate;
                break;
            }
        }
        Bindings slots = previous.slots().copy();
        return new Ask(questions.get(template).render(rng, slots), slots, template);
    }

    /** Binds slots that must agree with each other (numbers, dates) before the question is rendered. */
    void prepare(int template, Bindings slots, SplittableRandom rng) {
    }

    /** Templates in the same group ask the same question; a re-ask stays in its group. */
    int group(int template) {
        return 0;
    }

    static List<Template> templates(String... sources) {
        return java.util.Arrays.stream(sources).map(Template::parse).toList();
    }
}
