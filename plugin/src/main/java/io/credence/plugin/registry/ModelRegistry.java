package io.credence.plugin.registry;

import io.credence.plugin.card.InvalidModelCardException;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ModelCards;
import io.credence.plugin.encode.FeatureLookup;
import io.credence.plugin.runtime.ModelMismatchException;
import io.credence.plugin.runtime.ModelEvents;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.runtime.Score;
import io.credence.plugin.sign.PackageSignature;
import io.credence.plugin.sign.PackageTrust;
import io.credence.plugin.sign.PackageVerdict;
import io.credence.plugin.sign.UntrustedPackageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model versions a process serves.
 *
 * <pre>{@code
 * try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.AUTO))) {
 *     registry.loadDirectory(Path.of("models"));       // models/<name>/<version>/
 *     Score score = registry.score("credit-default", application);
 *     registry.invalidOutputs();                        // {credit-default@1.0.0=0}: outputs refused, not probabilities
 * }
 * }</pre>
 *
 * <p>For each model name the highest loaded version serves, unless a {@link #routing(ModelRouting)
 * routing} names a champion, a challenger with its share of applications and shadows. Loading a package checks the SHA-256
 * of {@code model.onnx} against the card and the ONNX inputs and outputs against the card's
 * features; a package that fails is refused with {@link ModelPackageException} and whatever was
 * serving keeps serving.
 *
 * <p>Given a {@link #trust(PackageTrust) trust}, every later load also checks the package's
 * signature ({@value PackageSignature#FILE}) first: only packages signed by a trusted key whose
 * files did not change since serve, and unsigned ones only where the trust allows them. Without a
 * trust (a library default) signatures are not checked; the decision service always sets one.
 */
public final class ModelRegistry implements AutoCloseable {

    /** Card file name inside a package. */
    public static final String CARD_FILE = "model-card.json";
    /** ONNX file name inside a package. */
    public static final String ONNX_FILE = "model.onnx";
    /** Signature file name inside a package. */
    public static final String SIGNATURE_FILE = PackageSignature.FILE;
    /** Classpath index: every resource with this name lists package paths, one per line. */
    public static final String CLASSPATH_INDEX = "META-INF/credence/models.list";

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final OnnxRuntimeHost host;
    private final Map<String, NavigableMap<String, ModelSession>> models = new ConcurrentHashMap<>();
    private volatile int microBatch = 1;
    private volatile ModelEvents events = ModelEvents.NONE;
    /** Null: signatures are not checked. */
    private volatile PackageTrust trust;
    private final Map<String, PackageVerdict> verdicts = new ConcurrentHashMap<>();
    /** Package location to why the last bulk load refused it; removed when it loads. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private volatile ModelRouting routing = ModelRouting.NONE;

    public ModelRegistry(OnnxRuntimeHost host) {
        this.host = host;
    }

    public OnnxRuntimeHost host() {
        return host;
    }

    /**
     * Lets concurrent callers of each model share ONNX Runtime calls of at most {@code maxBatch}
     * rows (1 = off, the default). Applies to loaded and future versions.
     */
    public ModelRegistry microBatching(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("micro-batch size must be >= 1, was " + maxBatch);
        }
        this.microBatch = maxBatch;
        for (NavigableMap<String, ModelSession> versions : models.values()) {
            versions.values().forEach(s -> s.microBatching(maxBatch));
        }
        return this;
    }

    /**
     * Where the sessions of loaded and future versions report their micro-batches, and the rules that
     * score with this registry their explanations ({@link ModelEvents#NONE} by default).
     */
    public ModelRegistry events(ModelEvents events) {
        this.events = java.util.Objects.requireNonNull(events, "events");
        for (NavigableMap<String, ModelSession> versions : models.values()) {
            versions.values().forEach(s -> s.events(events));
        }
        return this;
    }

    /**
     * Checks the signature of every package loaded from now on against {@code trust}: a package
     * it refuses is refused like any invalid package ({@link ModelPackageException} naming the
     * model, version and why), and nothing already loaded changes.
     */
    public ModelRegistry trust(PackageTrust trust) {
        this.trust = java.util.Objects.requireNonNull(trust, "trust");
        return this;
    }

    /** The signature check of later loads; empty when signatures are not checked. */
    public java.util.Optional<PackageTrust> trust() {
        return java.util.Optional.ofNullable(trust);
    }

    /**
     * Why each loaded version was let in, by model id ({@code name@version}), in id order:
     * signed by which key, unsigned but allowed, or not checked.
     */
    public Map<String, PackageVerdict> verdicts() {
        return Collections.unmodifiableMap(new TreeMap<>(verdicts));
    }

    /**
     * The packages the bulk loads ({@link #loadDirectory}, {@link #loadClasspath}) refused and
     * that have not loaded since, by location, with the reason; for health pages.
     */
    public Map<String, String> refusals() {
        return Collections.unmodifiableMap(new TreeMap<>(refusals));
    }

    /** Where this registry's models report their work. */
    public ModelEvents events() {
        return events;
    }

    /**
     * Loads one package directory ({@code .../<name>/<version>/}).
     *
     * @throws ModelPackageException naming the file and the problem; nothing already loaded changes
     */
    public ModelSession loadPackage(Path dir) {
        Path cardFile = dir.resolve(CARD_FILE);
        Path onnxFile = dir.resolve(ONNX_FILE);
        if (!Files.isRegularFile(cardFile)) {
            throw new ModelPackageException(cardFile + ": missing; a model package holds " + CARD_FILE + " and " + ONNX_FILE, null);
        }
        if (!Files.isRegularFile(onnxFile)) {
            throw new ModelPackageException(onnxFile + ": missing; a model package holds " + CARD_FILE + " and " + ONNX_FILE, null);
        }
        Path signatureFile = dir.resolve(SIGNATURE_FILE);
        try {
            byte[] signature = Files.isRegularFile(signatureFile) ? Files.readAllBytes(signatureFile) : null;
            return install(Files.readAllBytes(cardFile), cardFile.toString(),
                    Files.readAllBytes(onnxFile), onnxFile.toString(), signature, dir.toString(), dir);
        } catch (IOException e) {
            throw new ModelPackageException(dir + ": cannot read the package: " + e.getMessage(), e);
        }
    }

    /**
     * Loads every package under {@code root/<name>/<version>/}. A refused package is reported and
     * skipped; the others load.
     */
    public LoadReport loadDirectory(Path root) {
        if (!Files.isDirectory(root)) {
            throw new ModelPackageException(root + ": not a directory of model packages (<name>/<version>/)", null);
        }
        List<ModelSession> loaded = new ArrayList<>();
        List<ModelPackageException> refused = new ArrayList<>();
        try (Stream<Path> cards = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals(CARD_FILE))) {
            for (Path card : cards.sorted().toList()) {
                try {
                    loaded.add(loadPackage(card.getParent()));
                    refusals.remove(card.getParent().toString());
                } catch (ModelPackageException e) {
                    LOG.error("refused model package: {}", e.getMessage());
                    refused.add(e);
                    refusals.put(card.getParent().toString(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model packages under " + root, e);
        }
        return new LoadReport(loaded, refused);
    }

    /**
     * Loads a package from the classpath, e.g. {@code models/credit-default/1.0.0} inside a KJAR.
     */
    public ModelSession loadClasspathPackage(ClassLoader loader, String path) {
        String base = path.endsWith("/") ? path : path + "/";
        byte[] card = resource(loader, base + CARD_FILE);
        byte[] onnx = resource(loader, base + ONNX_FILE);
        byte[] signature = optionalResource(loader, base + SIGNATURE_FILE);
        return install(card, "classpath:" + base + CARD_FILE, onnx, "classpath:" + base + ONNX_FILE, signature,
                "classpath:" + base.substring(0, base.length() - 1), null);
    }

    /** Loads every package listed in {@value #CLASSPATH_INDEX} resources of the class loader. */
    public LoadReport loadClasspath(ClassLoader loader) {
        List<ModelSession> loaded = new ArrayList<>();
        List<ModelPackageException> refused = new ArrayList<>();
        try {
            Enumeration<java.net.URL> indexes = loader.getResources(CLASSPATH_INDEX);
            for (java.net.URL index : Collections.list(indexes)) {
                try (InputStream in = index.openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        String path = line.strip();
                        if (path.isEmpty() || path.startsWith("#")) {
                            continue;
                        }
                        try {
                            loaded.add(loadClasspathPackage(loader, path));
                            refusals.remove("classpath:" + path);
                        } catch (ModelPackageException e) {
                            LOG.error("refused model package: {}", e.getMessage());
                            refused.add(e);
                            refusals.put("classpath:" + path, e.getMessage());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASSPATH_INDEX, e);
        }
        return new LoadReport(loaded, refused);
    }

    private static byte[] resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new ModelPackageException("classpath:" + name + ": missing", null);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelPackageException("classpath:" + name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] optionalResource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new ModelPackageException("classpath:" + name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private ModelSession install(byte[] cardBytes, String cardOrigin, byte[] onnx, String onnxOrigin, byte[] signature,
                                 String where, Path dir) {
        PackageTrust checking = trust;
        PackageVerdict verdict = PackageVerdict.NOT_CHECKED;
        try {
            // A signature is checked before the card is read: a changed card is reported as such.
            if (checking != null && signature != null) {
                verdict = checking.checkSigned(where, cardBytes, onnx, new String(signature, StandardCharsets.US_ASCII));
            }
        } catch (UntrustedPackageException e) {
            throw new ModelPackageException(e.getMessage(), e);
        }
        ModelCard card;
        try {
            card = ModelCards.parse(new String(cardBytes, StandardCharsets.UTF_8), cardOrigin);
        } catch (InvalidModelCardException e) {
            throw new ModelPackageException(e.getMessage(), e);
        }
        if (checking != null && signature == null) {
            try {
                verdict = checking.checkUnsigned(card.name(), card.version(), where);
            } catch (UntrustedPackageException e) {
                throw new ModelPackageException(e.getMessage(), e);
            }
        }
        if (dir != null) {
            String expectedDir = card.name() + "/" + card.version();
            Path rel = dir.getParent() == null ? dir : dir.getParent().getFileName().resolve(dir.getFileName());
            if (!rel.toString().replace('\\', '/').equals(expectedDir)) {
                throw new ModelPackageException(cardOrigin + ": the card names " + card.id()
                        + " but the package directory is " + rel + "; expected .../" + expectedDir, null);
            }
        }
        String actual = ModelCard.sha256(onnx);
        if (!actual.equals(card.onnxSha256())) {
            throw new ModelPackageException(onnxOrigin + ": SHA-256 is " + actual + " but the card "
                    + cardOrigin + " expects " + card.onnxSha256() + "; the file was changed or belongs to another package", null);
        }
        ModelSession session;
        try {
            session = ModelSession.open(host, card, onnx, onnxOrigin);
        } catch (ModelMismatchException e) {
            throw new ModelPackageException(e.getMessage(), e);
        }
        session.microBatching(microBatch).events(events);
        NavigableMap<String, ModelSession> versions =
                models.computeIfAbsent(card.name(), n -> new ConcurrentSkipListMap<>(ModelVersions.ORDER));
        ModelSession previous = versions.put(card.version(), session);
        verdicts.put(card.id(), verdict);
        if (previous != null) {
            previous.release();
        }
        LOG.info("loaded model {} from {} on {} ({})", card.id(), onnxOrigin, session.provider().label(), verdict.label());
        return session;
    }

    /**
     * Routes the models named in {@code routing}: from now on each of them serves only the versions
     * its route names (see {@link ModelRouting}); the others keep serving their highest version.
     *
     * @throws ModelPackageException naming every routed version that is not loaded; the routing in
     *                               force does not change
     */
    public ModelRegistry routing(ModelRouting routing) {
        java.util.Objects.requireNonNull(routing, "routing");
        List<String> missing = new ArrayList<>();
        for (ModelRoute route : routing.routes().values()) {
            NavigableMap<String, ModelSession> versions = models.get(route.model());
            for (String version : route.versions()) {
                if (versions == null || !versions.containsKey(version)) {
                    missing.add(route.model() + "@" + version + " (loaded: "
                            + (versions == null || versions.isEmpty() ? "none" : versions.keySet()) + ")");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelPackageException("the model routing names versions that are not loaded: "
                    + String.join(", ", missing), null);
        }
        this.routing = routing;
        routing.describe().forEach(line -> LOG.info("model routing: {}", line));
        return this;
    }

    /** The routing in force ({@link ModelRouting#NONE} by default). */
    public ModelRouting routing() {
        return routing;
    }

    /**
     * The version that decides the application with id {@code applicationId} (null: none), and its
     * role: under a route the champion or the challenger (a stable hash of the id), otherwise the
     * highest loaded version with role null.
     *
     * @throws UnknownModelException when the model, or the routed version, is not loaded
     */
    public Assignment assign(String name, String applicationId) {
        ModelRoute route = routing.routes().get(name);
        if (route == null) {
            return new Assignment(highest(name), null);
        }
        ModelRole role = route.assign(applicationId);
        return new Assignment(version(name, route.version(role)), role);
    }

    /** The shadow versions of a model, in the route's order (empty without a route or shadows). */
    public List<ModelSession> shadows(String name) {
        ModelRoute route = routing.routes().get(name);
        if (route == null || route.shadows().isEmpty()) {
            return List.of();
        }
        List<ModelSession> sessions = new ArrayList<>(route.shadows().size());
        for (String version : route.shadows()) {
            sessions.add(version(name, version));
        }
        return sessions;
    }

    /** A model version chosen to decide an application, and its role (null when the model has no route). */
    public record Assignment(ModelSession session, ModelRole role) {
        public Assignment {
            java.util.Objects.requireNonNull(session, "session");
        }
    }

    /** The serving version of a model: its route's champion, or without a route its highest version. */
    public ModelSession active(String name) {
        ModelRoute route = routing.routes().get(name);
        return route == null ? highest(name) : version(name, route.champion());
    }

    private ModelSession highest(String name) {
        NavigableMap<String, ModelSession> versions = models.get(name);
        Map.Entry<String, ModelSession> serving = versions == null ? null : versions.lastEntry();
        if (serving == null) {
            throw new UnknownModelException("no model named '" + name + "' is loaded; loaded models: " + names());
        }
        return serving.getValue();
    }

    /** One exact version. */
    public ModelSession version(String name, String version) {
        NavigableMap<String, ModelSession> versions = models.get(name);
        ModelSession session = versions == null ? null : versions.get(version);
        if (session == null) {
            throw new UnknownModelException("model " + name + "@" + version + " is not loaded; loaded versions: "
                    + (versions == null ? "none" : versions.keySet()));
        }
        return session;
    }

    /** Unloads one version; calls in flight on it finish first. A version the routing names cannot be unloaded. */
    public void unload(String name, String version) {
        ModelRoute route = routing.routes().get(name);
        if (route != null && route.versions().contains(version)) {
            throw new IllegalStateException("model " + name + "@" + version + " is routed (" + route.versions()
                    + "); set a routing without it first");
        }
        NavigableMap<String, ModelSession> versions = models.get(name);
        ModelSession removed = versions == null ? null : versions.remove(version);
        if (removed == null) {
            throw new UnknownModelException("model " + name + "@" + version + " is not loaded");
        }
        verdicts.remove(name + "@" + version);
        removed.release();
    }

    /** Loaded model names. */
    public List<String> names() {
        return models.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).sorted().toList();
    }

    /** Every loaded model card, for status pages and audit. */
    public List<ModelCard> cards() {
        List<ModelCard> cards = new ArrayList<>();
        for (NavigableMap<String, ModelSession> versions : models.values()) {
            versions.values().forEach(s -> cards.add(s.card()));
        }
        return cards;
    }

    /**
     * Invalid outputs (NaN, infinite or outside [0, 1]) per loaded model version since it was
     * loaded, by model id ({@code name@version}), in id order. Each registry counts its own.
     *
     * <pre>{@code
     * long refused = registry.invalidOutputs().getOrDefault("credit-default@1.0.0", 0L);
     * }</pre>
     */
    public Map<String, Long> invalidOutputs() {
        Map<String, Long> counts = new TreeMap<>();
        for (NavigableMap<String, ModelSession> versions : models.values()) {
            versions.values().forEach(s -> counts.put(s.card().id(), s.invalidOutputs()));
        }
        return Collections.unmodifiableMap(counts);
    }

    /** Scores an application (a {@code Map}, a record, a bean or a FeatureSource) with the serving version. */
    public Score score(String name, Object application) {
        return active(name).score(FeatureLookup.of(application));
    }

    @Override
    public void close() {
        routing = ModelRouting.NONE;
        verdicts.clear();
        refusals.clear();
        for (NavigableMap<String, ModelSession> versions : models.values()) {
            for (String version : List.copyOf(versions.keySet())) {
                ModelSession removed = versions.remove(version);
                if (removed != null) {
                    removed.release();
                }
            }
        }
    }

    /** What a bulk load did. */
    public record LoadReport(List<ModelSession> loaded, List<ModelPackageException> refused) {
        public LoadReport {
            loaded = List.copyOf(loaded);
            refused = List.copyOf(refused);
        }
    }
}
