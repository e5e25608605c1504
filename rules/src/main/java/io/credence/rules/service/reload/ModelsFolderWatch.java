package io.credence.rules.service.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the models folder and reloads the models when it changed and then stayed the same for one
 * interval. Polling (a listing with sizes and modification times), not a WatchService: it sees the
 * same on every file system, mounted volumes included. A refused change is not retried until the
 * folder changes again.
 *
 * <pre>{@code
 * try (ModelsFolderWatch watch = ModelsFolderWatch.start(reloader, Duration.ofSeconds(2))) {
 *     ...   // copy models/credit-default/1.1.0/ in: it serves about two intervals later
 * }
 * }</pre>
 */
public final class ModelsFolderWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelsFolderWatch.class);

    private final Reloader reloader;
    private final Path dir;
    private final ScheduledExecutorService timer;
    /** The folder as last loaded (or refused). */
    private List<String> loaded;
    /** The folder at the previous look. */
    private List<String> seen;

    private ModelsFolderWatch(Reloader reloader, Path dir) {
        this.reloader = reloader;
        this.dir = dir;
        this.loaded = listing(dir);
        this.seen = loaded;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "credence-models-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching {@code reloader}'s models folder, looking every {@code interval}. */
    public static ModelsFolderWatch start(Reloader reloader, java.time.Duration interval) {
        Path dir = reloader.sources().modelsDir();
        if (dir == null) {
            throw new IllegalArgumentException("there is no models folder to watch (serve --models DIR)");
        }
        ModelsFolderWatch watch = new ModelsFolderWatch(reloader, dir);
        long millis = interval.toMillis();
        watch.timer.scheduleWithFixedDelay(watch::look, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("watching {} for model changes every {} ms", dir.toAbsolutePath(), millis);
        return watch;
    }

    private void look() {
        try {
            List<String> now = listing(dir);
            if (!now.equals(loaded) && now.equals(seen)) {
                loaded = now;
                reloader.reloadModels(Reloader.WATCH);
            }
            seen = now;
        } catch (RuntimeException e) {
            // The next look tries again; the models serving are unchanged.
            LOG.warn("watching {}: {}", dir, e.toString());
        }
    }

    /** Every file under the folder with its size and modification time, in path order. */
    static List<String> listing(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir, 4)) {
            return files.filter(Files::isRegularFile).map(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    return dir.relativize(p) + " " + a.size() + " " + a.lastModifiedTime().toMillis();
                } catch (IOException e) {
                    return dir.relativize(p) + " unreadable";
                }
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        } catch (UncheckedIOException e) {
            return List.of(dir + " changing");   // a file vanished during the walk: look again next time
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
