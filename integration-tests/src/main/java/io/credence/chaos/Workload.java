package io.credence.chaos;

import io.credence.load.GermanApplications;
import io.credence.load.PolicyProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Distinct loan applications for fault runs: rows of the committed German credit file with
 * policy fields, each with an application id of its own.
 *
 * <pre>{@code
 * List<Workload.Application> apps = Workload.german("KILL", 500);   // KILL-0 ... KILL-499
 * }</pre>
 */
public final class Workload {

    /** One application: its id and its JSON text. */
    public record Application(String id, String json) {
    }

    private Workload() {
    }

    /** {@code count} applications {@code prefix-0 ...}, cycling through the file's rows and policy profiles. */
    public static List<Application> german(String prefix, int count) {
        List<Map<String, String>> rows = GermanApplications.read(GermanApplications.committedCsv());
        PolicyProfile[] profiles = PolicyProfile.values();
        List<Application> apps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            apps.add(new Application(id, GermanApplications.json(id, rows.get(i % rows.size()), profiles[i % profiles.length])));
        }
        return apps;
    }
}
