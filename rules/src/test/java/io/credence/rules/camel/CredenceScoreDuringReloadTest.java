package io.credence.rules.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.reload.DecisionStates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credence:score} and {@code credence:explain} next to a decision service whose models are
 * swapped under them: every call is answered, by the registry it started on or the next one, and
 * each retired registry closes once no call is on it.
 */
class CredenceScoreDuringReloadTest {

    @TempDir
    Path dir;

    @Test
    void scoresAndExplanationsKeepBeingAnsweredWhileTheModelsAreSwapped() throws Exception {
        List<ModelRegistry> generations = new ArrayList<>();
        generations.add(ServiceFixture.serveCreditDefault(dir.resolve("g0")));
        DecisionStates states = DecisionStates.owning(ServiceFixture.ENGINE.withModels(generations.get(0)));
        DecisionService service = new DecisionService(states, ServiceFixture.READER, new InMemoryAuditLog());
        CamelContext camel = new DefaultCamelContext();
        CredenceComponent.bind(camel, service);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:score").to("credence:score?model=credit-default");
                from("direct:explain").to("credence:explain?model=credit-default");
            }
        });
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            for (int t = 0; t < 4; t++) {
                String route = t % 2 == 0 ? "direct:score" : "direct:explain";
                callers.submit(() -> {
                    while (swapping.get() || answered.get() < 200) {
                        Exchange done = template.request(route, e -> e.getIn().setBody(Map.of("risk_signal", 0.5)));
                        if (done.getException() != null) {
                            failures.add(done.getException());
                        } else {
                            answered.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (int g = 1; g <= 25; g++) {
                ModelRegistry next = ServiceFixture.serveCreditDefault(dir.resolve("g" + g));
                generations.add(next);
                states.swapModels(next);
                Thread.sleep(20);
            }
        } finally {
            swapping.set(false);
            callers.shutdown();
            assertTrue(callers.awaitTermination(60, TimeUnit.SECONDS), "the callers finished");
        }
        camel.stop();

        assertEquals(List.of(), failures.stream().map(String::valueOf).toList(), "no call failed across 25 swaps");
        assertTrue(answered.get() >= 200, "calls were made: " + answered.get());
        for (ModelRegistry retired : generations.subList(0, generations.size() - 1)) {
            assertEquals(List.of(), retired.names(), "a retired registry is closed once no call is on it");
        }
        assertEquals(List.of("credit-default"), generations.get(generations.size() - 1).names());
        states.close();
    }
}
