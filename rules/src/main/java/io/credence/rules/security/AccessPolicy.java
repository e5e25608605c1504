package io.credence.rules.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which requests need what, as a table: method and path pattern to {@link #OPEN} (anyone),
 * {@link #ANY} (any authenticated principal) or one of some roles. The first matching rule wins;
 * a request no rule matches needs an authenticated principal (deny by default).
 *
 * <pre>{@code
 * AccessPolicy.Requirement need = AccessPolicy.SERVICE.requirement("POST", "/api/v1/decisions");
 * need.allows(principal);     // true when the principal has the role decide
 * need.describe();            // "the role decide"
 * }</pre>
 *
 * <p>Path patterns are matched segment by segment: {@code {name}} (or {@code *}) is one segment,
 * a trailing {@code **} any number of segments, zero included. Empty segments are ignored
 * ({@code /audit/} is {@code /audit}), and {@code .} and {@code ..} are resolved first, so a path
 * cannot walk out of an open pattern into a protected one.
 */
public final class AccessPolicy {

    /** What a request needs. */
    public sealed interface Requirement permits Open, AnyPrincipal, AnyRole, AllRoles {

        /** Whether {@code principal} (null: nobody authenticated) meets it. */
        boolean allows(Principal principal);

        /** For messages and docs: {@code open}, {@code any principal}, {@code the role review}. */
        String describe();
    }

    /** Anyone, without credentials. */
    public record Open() implements Requirement {
        @Override
        public boolean allows(Principal principal) {
            return true;
        }

        @Override
        public String describe() {
            return "open";
        }
    }

    /** Any authenticated principal, whatever its roles. */
    public record AnyPrincipal() implements Requirement {
        @Override
        public boolean allows(Principal principal) {
            return principal != null;
        }

        @Override
        public String describe() {
            return "any principal";
        }
    }

    /** A principal with at least one of {@code roles}. */
    public record AnyRole(Set<Role> roles) implements Requirement {
        public AnyRole {
            if (roles == null || roles.isEmpty()) {
                throw new IllegalArgumentException("a role requirement names at least one role");
            }
            roles = Set.copyOf(roles);
        }

        @Override
        public boolean allows(Principal principal) {
            return principal != null && roles.stream().anyMatch(principal::has);
        }

        @Override
        public String describe() {
            List<String> labels = roles.stream().map(Role::label).sorted().toList();
            return labels.size() == 1 ? "the role " + labels.get(0) : "one of the roles " + String.join(", ", labels);
        }
    }

    /** A principal with every one of {@code roles} (a reveal: review and review-pii). */
    public record AllRoles(Set<Role> roles) implements Requirement {
        public AllRoles {
            if (roles == null || roles.size() < 2) {
                throw new IllegalArgumentException("an all-roles requirement names at least two roles (one: use AnyRole)");
            }
            roles = Set.copyOf(roles);
        }

        @Override
        public boolean allows(Principal principal) {
            return principal != null && roles.stream().allMatch(principal::has);
        }

        @Override
        public String describe() {
            List<String> labels = roles.stream().map(Role::label).sorted().toList();
            return "the roles " + String.join(" and ", labels);
        }
    }

    /**
     * One line of the table.
     *
     * @param methods     upper-case HTTP methods; empty = every method
     * @param path        the pattern, e.g. {@code /api/v1/decisions/{id}} or {@code /audit/**}
     * @param requirement what a matching request needs
     */
    public record Rule(Set<String> methods, String path, Requirement requirement) {
        public Rule {
            methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("a path pattern starts with /, was " + path);
            }
            List<String> segments = segments(path);
            for (int i = 0; i < segments.size(); i++) {
                if (segments.get(i).equals("**") && i != segments.size() - 1) {
                    throw new IllegalArgumentException("** may only end a path pattern, was " + path);
                }
            }
            if (requirement == null) {
                throw new IllegalArgumentException("rule " + path + " has no requirement");
            }
        }

        /** Whether a request with this method and (already normalised) path segments is this rule's. */
        boolean matches(String method, List<String> requestSegments) {
            if (!methods.isEmpty() && !methods.contains(method)) {
                return false;
            }
            List<String> pattern = segments(path);
            for (int i = 0; i < pattern.size(); i++) {
                String p = pattern.get(i);
                if (p.equals("**")) {
                    return true;
                }
                if (i >= requestSegments.size()) {
                    return false;
                }
                boolean wildcard = p.equals("*") || (p.startsWith("{") && p.endsWith("}"));
                if (!wildcard && !p.equals(requestSegments.get(i))) {
                    return false;
                }
            }
            return pattern.size() == requestSegments.size();
        }

        /** The methods as the docs write them: {@code GET}, {@code GET, POST}, {@code *}. */
        public String methodLabel() {
            return methods.isEmpty() ? "*" : String.join(", ", new TreeSet<>(methods));
        }
    }

    /** Anyone. */
    public static final Requirement OPEN = new Open();
    /** Any authenticated principal. */
    public static final Requirement ANY = new AnyPrincipal();

    /** The decision service's endpoints; see {@code docs/security.md}. */
    public static final AccessPolicy SERVICE = builder()
            .rule("GET", "/health/live", OPEN)
            // The API's description: what the repository's docs say too, no data.
            .rule("GET", "/api/v1/openapi.json", OPEN)
            .rule("GET", "/health", ANY)
            .rule("GET", "/health/ready", ANY)
            .rule("POST", "/api/v1/decisions", role(Role.DECIDE))
            // Decide: only the decisions it requested (the route checks the record); review: any.
            .rule("GET", "/api/v1/decisions/{id}", role(Role.DECIDE, Role.REVIEW))
            .rule("GET", "/api/v1/decisions/{id}/proof", role(Role.DECIDE, Role.REVIEW))
            // The adverse action notice prints the reason texts: for reviewers (compliance), not for the deciding system.
            .rule("GET", "/api/v1/decisions/{id}/notice", role(Role.REVIEW))
            .rule("POST", "/api/v1/erasures", role(Role.ADMIN))
            .rule("GET|POST", "/audit/sign-in", OPEN)
            .rule("POST", "/audit/sign-out", ANY)
            .rule("GET", "/audit/static/**", OPEN)
            .rule("GET", "/audit/access", role(Role.ADMIN))
            // The page shows the decision it reveals: review, and review-pii for the raw input.
            .rule("POST", "/audit/decisions/{id}/reveal", allRoles(Role.REVIEW, Role.REVIEW_PII))
            .rule("*", "/audit", role(Role.REVIEW))
            .rule("*", "/audit/**", role(Role.REVIEW))
            .rule("*", "/admin/**", role(Role.ADMIN))
            // A scraper's key needs only the role metrics; an operator's admin may look too.
            .rule("GET", "/metrics", role(Role.ADMIN, Role.METRICS))
            .rule("*", "/metrics", role(Role.ADMIN))
            .rule("*", "/metrics/**", role(Role.ADMIN))
            .build();

    private final List<Rule> rules;

    private AccessPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** A principal with at least one of {@code roles}. */
    public static Requirement role(Role... roles) {
        return new AnyRole(Set.of(roles));
    }

    /** A principal with every one of {@code roles}. */
    public static Requirement allRoles(Role... roles) {
        return new AllRoles(Set.of(roles));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The rules in the order they are tried. */
    public List<Rule> rules() {
        return rules;
    }

    /** What a request needs: the first matching rule's requirement, else {@link #ANY}. */
    public Requirement requirement(String method, String path) {
        String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
        List<String> segments = normalised(path);
        for (Rule rule : rules) {
            if (rule.matches(m, segments)) {
                return rule.requirement();
            }
        }
        return ANY;
    }

    /** The path's segments with empty ones dropped and dot segments resolved (RFC 3986, 5.2.4). */
    static List<String> normalised(String path) {
        List<String> out = new ArrayList<>();
        for (String s : segments(path == null ? "" : path)) {
            if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else if (!s.equals(".")) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    /** Builds a policy rule by rule. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();

        private Builder() {
        }

        /** {@code methods}: {@code GET}, {@code GET|POST}, or {@code *} for every method. */
        public Builder rule(String methods, String path, Requirement requirement) {
            Set<String> set = methods.equals("*") ? Set.of() : Set.of(methods.split("\\|"));
            rules.add(new Rule(set, path, requirement));
            return this;
        }

        public AccessPolicy build() {
            return new AccessPolicy(rules);
        }
    }
}
