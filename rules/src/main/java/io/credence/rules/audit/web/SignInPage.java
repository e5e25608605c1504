package io.credence.rules.audit.web;

/**
 * The sign-in form of the compliance page ({@code /audit/sign-in}): name, password and the form's
 * CSRF token, posted to itself. Works without scripts.
 *
 * <pre>{@code
 * AuditPage.Page form = SignInPage.form(formToken, null, 200);
 * AuditPage.Page again = SignInPage.form(formToken, SignInPage.FAILED, 401);
 * }</pre>
 */
final class SignInPage {

    /** The one answer to every failed sign-in: it does not say whether the name exists or is locked out. */
    static final String FAILED = "Sign-in failed: the name or password is wrong, or there were too many attempts."
            + " Wait a while before trying again.";

    private SignInPage() {
    }

    /** The form, with a message above it when there is one. */
    static AuditPage.Page form(String formToken, String message, int status) {
        Html h = new Html();
        AuditPage.head(h, "Audit log – sign in");
        h.raw("<h1>Sign in to the decision audit log</h1>\n");
        if (message != null) {
            h.raw("<p role=\"alert\" class=\"errors\" id=\"sign-in-error\">").text(message).raw("</p>\n");
        }
        h.raw("<form method=\"post\" action=\"/audit/sign-in\" aria-label=\"Sign in\">\n");
        h.raw("<input type=\"hidden\" name=\"csrf\" value=\"").text(formToken).raw("\">\n");
        h.raw("<div class=\"field\"><label for=\"name\">Name</label>\n<input id=\"name\" name=\"name\" type=\"text\""
                + " autocomplete=\"username\" required maxlength=\"64\"></div>\n");
        h.raw("<div class=\"field\"><label for=\"password\">Password</label>\n<input id=\"password\" name=\"password\""
                + " type=\"password\" autocomplete=\"current-password\" required maxlength=\"200\"></div>\n");
        h.raw("<div class=\"field\"><button type=\"submit\" id=\"sign-in\">Sign in</button></div>\n</form>\n");
        AuditPage.foot(h);
        return new AuditPage.Page(status, h.toString());
    }

    /** A short page for a refused request: why, and where to go next. */
    static AuditPage.Page refused(int status, String title, String message) {
        Html h = new Html();
        AuditPage.head(h, "Audit log – " + title);
        h.raw("<h1>").text(title).raw("</h1>\n<p role=\"alert\" id=\"refused\">").text(message).raw("</p>\n");
        h.raw("<p><a href=\"/audit\">Back to the search</a> · <a href=\"/audit/sign-in\">Sign in</a></p>\n");
        AuditPage.foot(h);
        return new AuditPage.Page(status, h.toString());
    }
}
