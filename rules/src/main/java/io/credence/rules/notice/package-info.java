/**
 * The adverse action notice: the statement of action taken on a credit application (ECOA,
 * Regulation B, 12 CFR 1002.9; with the FCRA section 615(a) score disclosure when a model score
 * was used), made from the application's audit record alone, so that the same decision always
 * gives the same notice, byte for byte, whatever the models, rules or reason texts say today.
 *
 * <pre>{@code
 * Notice notice = Notice.of(auditRecord, noticeSettings);  // NoNoticeException: approved, not decided, erased
 * String html = NoticeHtml.render(notice);                  // with a print stylesheet
 * byte[] pdf = NoticePdf.render(notice);                    // OpenPDF, deterministic
 * }</pre>
 *
 * <p>{@link io.credence.rules.notice.Notice} holds every text the notice prints;
 * {@link io.credence.rules.notice.NoticeHtml} and {@link io.credence.rules.notice.NoticePdf} only
 * lay them out. {@link io.credence.rules.notice.NoticeSettings} names the creditor and the federal
 * agency ({@code credence.notice.*}). The HTTP route ({@code GET /api/v1/decisions/{id}/notice})
 * is {@code io.credence.rules.service.routes.NoticeHttp}. See {@code docs/notice.md}.
 */
package io.credence.rules.notice;
