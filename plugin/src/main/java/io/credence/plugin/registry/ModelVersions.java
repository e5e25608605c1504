package io.credence.plugin.registry;

import java.util.Comparator;

/** Orders versions like {@code 1.9.0 < 1.10.0 < 2.0.0-rc1 < 2.0.0}. */
final class ModelVersions {

    static final Comparator<String> ORDER = ModelVersions::compare;

    private ModelVersions() {
    }

    static int compare(String a, String b) {
        String[] as = core(a).split("\\.");
        String[] bs = core(b).split("\\.");
        for (int i = 0; i < Math.max(as.length, bs.length); i++) {
            long x = i < as.length ? Long.parseLong(as[i]) : 0;
            long y = i < bs.length ? Long.parseLong(bs[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        boolean aPre = a.contains("-");
        boolean bPre = b.contains("-");
        if (aPre != bPre) {
            return aPre ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static String core(String version) {
        int cut = version.length();
        for (char c : new char[] {'-', '+'}) {
            int i = version.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return version.substring(0, cut);
    }
}
