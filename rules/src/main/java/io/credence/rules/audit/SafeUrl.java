package io.credence.rules.audit;

import java.util.regex.Pattern;

/**
 * A JDBC URL as it may be shown: without {@code user:password@} and without password-like
 * parameters ({@code password=}, {@code PASSWORD=} in H2's {@code ;key=value} or a query string).
 *
 * <pre>{@code
 * SafeUrl.of("jdbc:postgresql://db/credence?user=app&password=s3cret")   // jdbc:postgresql://db/credence?user=app&password=***
 * }</pre>
 */
public final class SafeUrl {

    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:password|passwd|pwd|sslpassword)=)[^&;]*");

    private SafeUrl() {
    }

    public static String of(String url) {
        if (url == null) {
            return null;
        }
        String s = USER_INFO.matcher(url).replaceAll("//***@");
        return PASSWORD_PARAM.matcher(s).replaceAll("$1***");
    }
}
