package dev.zoomtoken.internal.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import jakarta.inject.Singleton;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The spans the application started (their names) and ended, kept in an in-memory exporter as they end (not
 * batched), and waits for them that need no sleep: each started or ended span signals the tests waiting. A CDI span
 * processor, which Quarkus adds to its tracer provider; with {@code %test.quarkus.otel.traces.exporter=none} it is
 * the only place spans go in tests.
 */
@Singleton
public class RecordedSpans implements SpanProcessor {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final Lock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();

    private final List<String> started = new ArrayList<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        lock.lock();
        try {
            started.add(span.getName());
            ended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        lock.lock();
        try {
            exporter.export(List.of(span.toSpanData()));
            ended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** Forgets the spans recorded so far. */
    public void clear() {
        lock.lock();
        try {
            exporter.reset();
            started.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a span named {@code name} has started.
     *
     * @throws AssertionError when none has within {@code max}
     */
    public void awaitStart(String name, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        lock.lock();
        try {
            while (!started.contains(name)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("No span " + name + " started within " + max + ": " + started);
                }
                ended.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The spans ended so far, once at least {@code count} of them match {@code spans}.
     *
     * @throws AssertionError when that has not happened within {@code max}
     */
    public List<SpanData> await(Predicate<SpanData> spans, int count, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        lock.lock();
        try {
            while (true) {
                List<SpanData> all = exporter.getFinishedSpanItems();
                if (all.stream().filter(spans).count() >= count) {
                    return all;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Fewer than " + count + " matching spans within " + max + ": " + all);
                }
                ended.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}
