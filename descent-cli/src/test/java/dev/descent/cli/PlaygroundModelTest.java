package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.solve.Curvature;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The playground's settings and models, without a browser: checked against sums written out and exact curvature. */
class PlaygroundModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PlaygroundSettings settings(String json) throws Exception {
        return PlaygroundSettings.of(JSON.readTree(json));
    }

    @Test
    void generatedPointsFollowTheGeneratorsRuleWrittenOut() throws Exception {
        Dataset one = settings("{\"n\": 30}").generated();
        Random random = new Random(42);
        for (int i = 0; i < 30; i++) {
            double x = random.nextDouble();
            assertEquals(x, one.feature(i, 0));
            assertEquals(3 * x + 8, one.target(i)); // the lesson's data, to the bit
        }
        Dataset three = settings("{\"n\": 200, \"features\": 3, \"slope\": 2, \"intercept\": -1}").generated();
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 3; j++) {
                double x = three.feature(i, j);
                assertEquals(true, x >= 0 && x < (1 << j), "feature " + (j + 1) + " in [0, " + (1 << j) + "): " + x);
            }
            assertEquals(2 * three.feature(i, 0) + 1 * three.feature(i, 1) + 0.5 * three.feature(i, 2) - 1, three.target(i),
                    1e-12);
        }
    }

    @Test
    void aStandardisedRunShowsTheDataUnitsAndItsSurfaceIsTheLossWrittenOut() throws Exception {
        PlaygroundSettings s = settings("{\"n\": 40, \"features\": 2, \"standardize\": true, \"init\": \"a2=0.5, b=2\"}");
        Dataset data = s.generated();
        PlaygroundModel m = PlaygroundModel.of(s, data);
        double[] start = m.user(m.start());
        assertEquals(-1, start[0], 1e-12);
        assertEquals(0.5, start[1], 1e-12);
        assertEquals(2, start[2], 1e-12);
        double[] held = {1.25, -0.5, 3};
        double surface = m.surface(m.surfaceLoss(s), held, 0, 2).applyAsDouble(0.75, 4);
        double squares = 0;
        for (int i = 0; i < 40; i++) {
            double residual = 0.75 * data.feature(i, 0) - 0.5 * data.feature(i, 1) + 4 - data.target(i);
            squares += residual * residual;
        }
        assertEquals(squares / 40, surface, 1e-12 * surface);
    }

    @Test
    void aFormulasCurvatureNearItsStartIsTheExactOneForALinearFormula() throws Exception {
        PlaygroundSettings s = settings("{\"n\": 50, \"noise\": 0.3, \"model\": \"a*x + b\"}");
        Dataset data = s.generated();
        double estimated = PlaygroundModel.of(s, data).curvature(s);
        double exact = Curvature.smoothness(data, true, Loss.mse(), new Penalty(0, 0));
        assertEquals(exact, estimated, 1e-6 * exact);
        PlaygroundSettings linear = settings("{\"n\": 50, \"noise\": 0.3}");
        assertEquals(exact, PlaygroundModel.of(linear, data).curvature(linear));
    }

    @Test
    void mistakesAreNamed() throws Exception {
        assertEquals("n must be a whole number from 2 to 100000, got 2.9",
                assertThrows(IllegalArgumentException.class, () -> settings("{\"n\": 2.9}")).getMessage());
        assertEquals("features must be a number from 1 to 8, got 9",
                assertThrows(IllegalArgumentException.class, () -> settings("{\"features\": 9}")).getMessage());
        assertEquals("standardize must be true or false, got \"yes\"",
                assertThrows(IllegalArgumentException.class, () -> settings("{\"standardize\": \"yes\"}")).getMessage());
        PlaygroundSettings init = settings("{\"init\": \"a=1, c=2\"}");
        assertEquals("init names c, which is not a parameter; the parameters are a, b",
                assertThrows(IllegalArgumentException.class, () -> PlaygroundModel.of(init, init.generated())).getMessage());
        PlaygroundSettings value = settings("{\"init\": \"a=one\"}");
        assertEquals("init a=one: expected NAME=VALUE with a finite value, such as a=1",
                assertThrows(IllegalArgumentException.class, () -> PlaygroundModel.of(value, value.generated())).getMessage());
        PlaygroundSettings contour = settings("{\"model\": \"a*exp(b*x) + c\", \"contour\": [\"a\", \"d\"]}");
        assertEquals("contour names d, which is not a parameter; the parameters are a, b, c",
                assertThrows(IllegalArgumentException.class, () -> PlaygroundModel.of(contour, contour.generated()))
                        .getMessage());
        PlaygroundSettings target = settings("{\"model\": \"a*y\"}");
        assertEquals("model a*y names the target y; the formula predicts it from x",
                assertThrows(IllegalArgumentException.class, () -> PlaygroundModel.of(target, target.generated()))
                        .getMessage());
    }

    @Test
    void aStartOutsideTheFormulasDomainIsRefusedNamingTheRow() throws Exception {
        PlaygroundSettings s = settings("{\"model\": \"log(a*x) + b\", \"init\": \"a=-1\"}");
        String message = assertThrows(IllegalArgumentException.class, () -> new PlaygroundSession("test", s)).getMessage();
        assertEquals(true, message.startsWith("the loss at the start is not a number: at row 1 (x = ")
                && message.contains("log") && message.endsWith("choose other starting values"), message);
    }

    /** Every event waiting in {@code stream}, as "event: NAME\ndata: JSON" texts, until none comes for {@code quiet} ms. */
    private static java.util.List<String> drain(EventStream stream, long quiet) throws InterruptedException {
        java.util.List<String> events = new java.util.ArrayList<>();
        for (String e = stream.next(quiet); e != null; e = stream.next(quiet)) {
            events.add(e);
        }
        return events;
    }

    @Test
    void aResetLeavesNoEpochOfTheRunBeforeIt() throws Exception {
        PlaygroundSettings s = settings("{\"n\": 100000, \"features\": 8, \"standardize\": true}");
        for (int attempt = 0; attempt < 3; attempt++) {
            PlaygroundSession session = new PlaygroundSession("test", s);
            try {
                EventStream stream = new EventStream();
                session.attach(stream);
                session.play(1000);
                Thread.sleep(200);
                session.reset(s); // while a step of the play waits for the lock
                java.util.List<String> events = drain(stream, 1000);
                int lastData = -1;
                for (int i = 0; i < events.size(); i++) {
                    lastData = events.get(i).startsWith("event: data") ? i : lastData;
                }
                for (String after : events.subList(lastData + 1, events.size())) {
                    assertEquals(true, after.contains("\"epoch\":0,"), "after the reset: " + after.substring(0, 60));
                }
            } finally {
                session.close();
            }
        }
    }

    @Test
    void aDivergenceSaysWhatTheTrainerFound() throws Exception {
        PlaygroundSession session = new PlaygroundSession("test", settings("{\"model\": \"sqrt(a)*x + b\", \"init\": \"a=0\"}"));
        try {
            EventStream stream = new EventStream();
            session.attach(stream);
            session.step();
            String diverged = drain(stream, 300).stream().filter(e -> e.startsWith("event: diverged")).findFirst()
                    .orElseThrow();
            assertEquals(true, diverged.contains("the gradient with respect to a is") && diverged.contains("undefined")
                    && !diverged.contains("2/L") && !diverged.contains("of this run"), diverged);
        } finally {
            session.close();
        }
    }

    @Test
    void aFileTakesTheSurfaceOverItsOwnModelsParameters() throws Exception {
        PlaygroundSession session = new PlaygroundSession("test", settings("{\"features\": 3}"));
        try {
            session.redrawSurface(java.util.List.of("a2", "a3"));
            session.upload(settings("{\"n\": 20}").generated()); // one feature: a and b, no a2
            PlaygroundSettings one = settings("{\"model\": \"a*x\", \"contour\": [\"a\", \"b\"]}");
            assertEquals("contour: a*x has one parameter, and no surface over two",
                    assertThrows(IllegalArgumentException.class, () -> session.reset(one)).getMessage());
        } finally {
            session.close();
        }
    }

    @Test
    void aRunStopsAtTheMostEpochsOneTabMayAsk() throws Exception {
        PlaygroundSession session = new PlaygroundSession("test", settings("{\"n\": 2, \"lr\": 0.01}"));
        try {
            for (int e = 0; e < PlaygroundSession.MAX_EPOCHS; e++) {
                session.step();
            }
            EventStream stream = new EventStream();
            session.attach(stream);
            session.step();
            String stopped = drain(stream, 300).stream().filter(e -> e.startsWith("event: stopped")).findFirst()
                    .orElseThrow();
            assertEquals(true, stopped.contains("\"epoch\":100000") && stopped.contains("a run plays at most 100,000 epochs"),
                    stopped);
        } finally {
            session.close();
        }
    }
}
